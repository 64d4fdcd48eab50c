{% autoescape off %}vcl 4.1;
# filmsite's front cache, written by `manage.py front_cache_vcl` (catalog/front_cache.py says how it works).

import directors;
import std;
import var;
{% for host, port in backends %}
backend web{{ forloop.counter }} {
    .host = "{{ host }}";
    .port = "{{ port }}";
    .probe = {
        .request = "GET /healthz HTTP/1.1" "Host: {{ probe_host }}" "X-Forwarded-Proto: https" "Connection: close";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}
{% endfor %}
# Who may announce a new generation: the web servers.
acl announcers {
{% for address in announcers %}    "{{ address }}";
{% endfor %}}

sub vcl_init {
    new web = directors.round_robin();
{% for backend in backends %}    web.add_backend(web{{ forloop.counter }});
{% endfor %}}

# The time of a generation's token, in milliseconds: tokens start with their time in nanoseconds, too many
# digits for VCL's integers. The newer of two generations is the one changed later; an empty one is oldest.
sub filmsite_learn {
    if (std.integer(s=regsub(req.http.X-Filmsite-Seen, "^([0-9]+)[0-9]{6}-.*$", "\1"), fallback=0) >=
        std.integer(s=regsub(var.global_get("generation"), "^([0-9]+)[0-9]{6}-.*$", "\1"), fallback=0)) {
        var.global_set("generation", req.http.X-Filmsite-Seen);
        # Pages of older generations can no longer be reached; this frees their room sooner.
        std.ban("obj.http.{{ surrogate_key }} ~ ^{{ key_prefix }} && obj.http.{{ surrogate_key }} != {{ key_prefix }}" + req.http.X-Filmsite-Seen);
    }
    unset req.http.X-Filmsite-Seen;
}

sub vcl_recv {
    unset req.http.X-Filmsite-Seen;
    if (req.method == "{{ announce_method }}") {
        if (client.ip !~ announcers) {
            return (synth(403, "Only the web servers may announce a generation"));
        }
        if (req.http.{{ generation_header }} !~ "^[0-9]{7,}-[0-9a-f]+$") {
            return (synth(400, "Not a generation"));
        }
        set req.http.X-Filmsite-Seen = req.http.{{ generation_header }};
        call filmsite_learn;
        return (synth(204, "Noted"));
    }
    set req.backend_hint = web.backend();
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors always reach the site: the admin, and any request with a session.
    if (req.url ~ "^{{ admin_path }}" || req.http.Authorization || req.http.Cookie ~ "(^|;\s*){{ session_cookie }}=") {
        return (pass);
    }
    # Public pages read no cookie; without them every visitor shares one copy.
    unset req.http.Cookie;
}

sub vcl_hash {
    hash_data(var.global_get("generation"));
}

sub vcl_backend_response {
    if (beresp.http.{{ surrogate_key }} ~ "^{{ key_prefix }}") {
        # A page newer than any announcement heard is an announcement too (one was lost, or is on its way).
        set beresp.http.X-Filmsite-Seen = regsub(beresp.http.{{ surrogate_key }}, "^{{ key_prefix }}", "");
        if (std.integer(s=regsub(beresp.http.X-Filmsite-Seen, "^([0-9]+)[0-9]{6}-.*$", "\1"), fallback=0) >
            std.integer(s=regsub(var.global_get("generation"), "^([0-9]+)[0-9]{6}-.*$", "\1"), fallback=0)) {
            var.global_set("generation", beresp.http.X-Filmsite-Seen);
        }
        unset beresp.http.X-Filmsite-Seen;
        if (beresp.http.{{ surrogate_key }} != "{{ key_prefix }}" + var.global_get("generation")) {
            # Built from a generation the catalog has moved past: right for this visitor, not for the next.
            set beresp.uncacheable = true;
            set beresp.ttl = 0s;
            return (deliver);
        }
        set beresp.grace = 10s;
    } elsif (beresp.http.Cache-Control !~ "max-age") {
        # Nothing else is kept unless it says for how long (static files do; the admin and the API do not).
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    if (resp.http.{{ surrogate_key }}) {
        unset resp.http.{{ surrogate_key }};
        # Only this cache hears of changes: browsers, and any cache beyond, ask again every time.
        set resp.http.Cache-Control = "no-cache";
    }
}
{% endautoescape %}
