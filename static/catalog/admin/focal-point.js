// The image form: a click on the preview sets the focal point fields to where it landed, as fractions of
// the picture's width and height. Without script the fields are typed.
"use strict";
(function () {
    function start() {
        const preview = document.querySelector("img[data-focal-point]");
        const across = document.querySelector("input[name='focal_x']");
        const down = document.querySelector("input[name='focal_y']");
        if (!preview || !across || !down) {
            return;
        }
        preview.classList.add("library-preview--pickable");
        preview.addEventListener("click", function (event) {
            const box = preview.getBoundingClientRect();
            across.value = ((event.clientX - box.left) / box.width).toFixed(3);
            down.value = ((event.clientY - box.top) / box.height).toFixed(3);
        });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
