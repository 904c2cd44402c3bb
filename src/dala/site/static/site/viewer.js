/* Deep zoom on the artwork page, as progressive enhancement.
 *
 * The page shows a plain <picture>; each element with `data-iiif-info` (the URL of an IIIF image's
 * info.json) gets a "Zoom into the image" button (its text, translated, in `data-viewer-label`) once
 * OpenSeadragon has loaded; pressing it replaces the picture with an OpenSeadragon viewer over the IIIF
 * tiles. Without JavaScript, or without OpenSeadragon (not copied into static), nothing changes.
 * No inline script or style attribute in the HTML: the page must run under a strict CSP.
 */
(function () {
  "use strict";

  if (typeof window.OpenSeadragon !== "function") {
    return;
  }

  // OpenSeadragon's button images sit next to its script, wherever static files are served from.
  function imagesPrefix() {
    var scripts = document.querySelectorAll("script[src]");
    for (var i = 0; i < scripts.length; i += 1) {
      var src = scripts[i].src;
      if (/openseadragon(\.[0-9a-f]+)?\.min\.js/.test(src)) {
        return src.replace(/[^/]*$/, "images/");
      }
    }
    return "";
  }

  function openViewer(figure, button) {
    var link = figure.querySelector("a");
    var image = figure.querySelector("img");
    if (!link || !image) {
      return;
    }
    var viewer = document.createElement("div");
    viewer.className = "artwork__viewer";
    viewer.setAttribute("role", "region");
    viewer.setAttribute("aria-label", image.alt || button.textContent);
    // Same shape as the picture it replaces, so the page does not jump.
    viewer.style.width = "100%";
    viewer.style.aspectRatio = (image.getAttribute("width") || 4) + " / " + (image.getAttribute("height") || 3);
    viewer.style.maxHeight = "80vh";
    viewer.style.background = "#1f1f1f";
    link.replaceWith(viewer);
    button.parentNode.remove();

    var osd = window.OpenSeadragon({
      element: viewer,
      tileSources: figure.getAttribute("data-iiif-info"),
      prefixUrl: imagesPrefix(),
      showNavigator: false,
      showRotationControl: false,
      showFullPageControl: true,
      gestureSettingsMouse: { clickToZoom: true, scrollToZoom: true }
    });
    osd.addOnceHandler("open", function () {
      // Keyboard users continue in the viewer: arrows pan, + and - zoom.
      var canvas = viewer.querySelector(".openseadragon-canvas");
      if (canvas) {
        canvas.focus();
      }
    });
  }

  document.querySelectorAll("[data-iiif-info]").forEach(function (figure) {
    var link = figure.querySelector("a");
    if (!link) {
      return;
    }
    var controls = document.createElement("p");
    controls.className = "artwork__viewer-controls";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--quiet";
    button.textContent = figure.getAttribute("data-viewer-label") || "Zoom into the image";
    controls.appendChild(button);
    link.after(controls);
    button.addEventListener("click", function () {
      openViewer(figure, button);
    });
  });
})();
