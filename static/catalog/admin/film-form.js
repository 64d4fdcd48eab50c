// The film form's sections as tabs: one panel in view at a time, chosen from the menu, the address's
// #fragment, or the server's choice (the first section with errors). Panels are only hidden, never
// removed, so every input is still submitted and switching loses nothing. Rows of stacked inlines move
// up and down, their order fields renumbered to match.
"use strict";
(function () {
    function start() {
        const form = document.querySelector(".film-form");
        if (!form) {
            return;
        }
        const panels = Array.from(form.querySelectorAll(".film-form__panel"));
        const links = Array.from(form.querySelectorAll(".film-form__menu a[data-section]"));
        form.classList.add("film-form--tabs");

        function show(panel, focus) {
            panels.forEach(function (other) {
                other.hidden = other !== panel;
            });
            links.forEach(function (link) {
                if ("section-" + link.dataset.section === panel.id) {
                    link.setAttribute("aria-current", "true");
                } else {
                    link.removeAttribute("aria-current");
                }
            });
            if (focus) {
                afterLoad(function () {
                    panel.querySelector(".film-form__heading").focus();
                });
            }
        }

        // Opens whatever the fragment names: a section, or a row (e.g. a claim linked from the dashboard)
        // inside one, unfolded, with its source box focused.
        function reveal(fragment, focus) {
            const target = fragment && document.getElementById(decodeURIComponent(fragment.slice(1)));
            const panel = target && target.closest(".film-form__panel");
            if (!panel) {
                return false;
            }
            show(panel, focus && target === panel);
            if (target !== panel) {
                if (target.tagName === "DETAILS") {
                    target.open = true;
                }
                const field = target.querySelector("[name$='-source_url']") || target.querySelector("input, select, textarea");
                // Once the page has loaded: the browser's own move to the #fragment would undo it before.
                afterLoad(function () {
                    target.scrollIntoView();
                    if (focus && field) {
                        field.focus();
                    }
                });
            }
            return true;
        }

        links.forEach(function (link) {
            link.addEventListener("click", function (event) {
                event.preventDefault();
                show(document.getElementById("section-" + link.dataset.section), true);
                history.replaceState(null, "", "#section-" + link.dataset.section);
            });
        });
        window.addEventListener("hashchange", function () {
            reveal(window.location.hash, true);
        });
        const opened = form.querySelector(".film-form__panel--open");
        const withErrors = opened && opened.querySelector(".film-form__error-count");
        if (withErrors || !reveal(window.location.hash, true)) {
            show(opened || panels[0], false);
        }

        form.querySelectorAll(".collapsible-inline").forEach(reorderable);
        livePreview(form.querySelector(".film-form__preview-button"));
    }

    // The Preview button posts the form to the preview in a tab of its own (no script needed). With the
    // box ticked, the preview is posted again a moment after the editor stops typing, while that tab is open.
    function livePreview(button) {
        if (!button) {
            return;
        }
        const live = button.form.querySelector(".film-form__live");
        const toggle = live.querySelector("input");
        let preview = null;
        let timer = null;
        live.hidden = false;
        button.addEventListener("click", function () {
            preview = window.open("", button.formTarget);
        });
        function later() {
            clearTimeout(timer);
            timer = setTimeout(function () {
                if (toggle.checked && preview && !preview.closed) {
                    button.form.requestSubmit(button);
                }
            }, 1500);
        }
        button.form.addEventListener("input", later);
        button.form.addEventListener("change", function (event) {
            if (event.target !== toggle) {
                later();
            }
        });
    }

    function afterLoad(callback) {
        if (document.readyState === "complete") {
            callback();
        } else {
            window.addEventListener("load", callback, {once: true});
        }
    }

    function rowsOf(group) {
        return Array.from(group.querySelectorAll(".collapsible-row")).filter(function (row) {
            return !row.classList.contains("empty-form");
        });
    }

    function renumber(group) {
        let position = 1;
        rowsOf(group).forEach(function (row) {
            const order = row.querySelector("input[name$='-order']");
            if (order) {
                order.value = position;
                position += 1;
            }
        });
    }

    function reorderable(group) {
        group.querySelectorAll(".row-move").forEach(function (button) {
            button.hidden = false;
        });
        group.addEventListener("click", function (event) {
            const button = event.target.closest(".row-move");
            if (!button) {
                return;
            }
            const rows = rowsOf(group);
            const row = button.closest(".collapsible-row");
            const index = rows.indexOf(row);
            if (button.dataset.move === "up" && index > 0) {
                rows[index - 1].before(row);
            } else if (button.dataset.move === "down" && index >= 0 && index < rows.length - 1) {
                rows[index + 1].after(row);
            } else {
                return;
            }
            renumber(group);
            button.focus();
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
