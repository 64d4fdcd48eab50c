'use strict';
// Django's autocomplete fields draw their controls with select2, which leaves three accessibility
// faults: the search box of a many-valued field has no name; a single-valued field is named by the
// value it shows, so an empty one (a nomination of nobody in particular) has no name at all; and the
// "remove all" cross sits as a <span> directly inside the list of chosen values. select2 redraws
// them on every change, so they are mended whenever they appear.
{
    function fieldName(select) {
        const label = select.labels && select.labels[0];
        if (label) {
            return label.textContent.replace(/:\s*$/, '').trim();
        }
        return select.getAttribute('aria-label') || select.name;
    }

    function mend(root) {
        root.querySelectorAll('.select2-container').forEach(function(container) {
            const select = container.previousElementSibling;
            if (!select || select.tagName !== 'SELECT') {
                return;
            }
            // Named by its field, like any select; the value it shows is read as its value.
            container.querySelectorAll('.select2-selection--single[aria-labelledby]').forEach(function(box) {
                box.removeAttribute('aria-labelledby');
                box.setAttribute('aria-label', fieldName(select));
            });
            container.querySelectorAll('.select2-selection__rendered[role="textbox"]:not([aria-label])').forEach(function(shown) {
                shown.setAttribute('aria-label', fieldName(select));
            });
            container.querySelectorAll('.select2-search__field:not([aria-label])').forEach(function(box) {
                box.setAttribute('aria-label', 'Search ' + fieldName(select));
            });
            // The cross answers only to a mouse; keyboards clear with Backspace in the search box.
            container.querySelectorAll('.select2-selection__clear:not([aria-hidden])').forEach(function(cross) {
                cross.setAttribute('aria-hidden', 'true');
            });
        });
    }

    document.addEventListener('DOMContentLoaded', function() {
        mend(document);
        new MutationObserver(function() {
            mend(document);
        }).observe(document.body, {childList: true, subtree: true});
    });
}
