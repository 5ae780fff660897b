/*
 * The body diagram of the pain areas page: a drawing of the body (front and back) whose areas
 * tick and untick the page's tick boxes. The tick boxes stay what the form sends; the drawing
 * only mirrors them, and without scripts the page is the list alone.
 *
 * Each area is one focusable shape (role "checkbox", named by its tick box's label): Tab moves
 * between them, Space or Enter ticks. A ticked area is hatched and outlined, and the areas
 * ticked are also listed in words under the drawing.
 */
(function () {
  "use strict";

  var holder = document.querySelector("[data-body-map]");
  if (!holder) {
    return;
  }
  var SVG = "http://www.w3.org/2000/svg";
  var boxes = {};
  Array.prototype.forEach.call(
    document.querySelectorAll('input[type="checkbox"][name="areas"]'),
    function (box) {
      boxes[box.value] = box;
    }
  );

  /* Shapes in a 200 by 420 drawing. On the front the patient's right is on the viewer's left;
     on the back it is on the viewer's right. [area code, x, y, width, height, corner radius] */
  var FRONT = [
    ["right_jaw", 74, 38, 25, 24, 8],
    ["left_jaw", 101, 38, 25, 24, 8],
    ["neck", 86, 64, 28, 14, 4],
    ["right_shoulder_girdle", 46, 80, 52, 20, 10],
    ["left_shoulder_girdle", 102, 80, 52, 20, 10],
    ["chest", 66, 102, 68, 50, 6],
    ["abdomen", 68, 154, 64, 52, 6],
    ["right_upper_arm", 38, 102, 24, 62, 11],
    ["left_upper_arm", 138, 102, 24, 62, 11],
    ["right_lower_arm", 30, 168, 24, 66, 11],
    ["left_lower_arm", 146, 168, 24, 66, 11],
    ["right_upper_leg", 68, 236, 30, 84, 12],
    ["left_upper_leg", 102, 236, 30, 84, 12],
    ["right_lower_leg", 70, 324, 26, 80, 11],
    ["left_lower_leg", 104, 324, 26, 80, 11]
  ];
  var FRONT_OUTLINE = [
    ["ellipse", 100, 34, 24, 30],
    ["rect", 66, 208, 68, 26, 6],
    ["ellipse", 42, 244, 10, 11],
    ["ellipse", 158, 244, 10, 11],
    ["rect", 66, 406, 30, 10, 5],
    ["rect", 104, 406, 30, 10, 5]
  ];
  var BACK = [
    ["upper_back", 58, 80, 84, 72, 10],
    ["lower_back", 66, 154, 68, 50, 6],
    ["left_hip", 66, 206, 33, 42, 14],
    ["right_hip", 101, 206, 33, 42, 14]
  ];
  var BACK_OUTLINE = [
    ["ellipse", 100, 34, 24, 30],
    ["rect", 86, 64, 28, 14, 4],
    ["rect", 36, 102, 20, 62, 10],
    ["rect", 144, 102, 20, 62, 10],
    ["rect", 30, 168, 22, 66, 10],
    ["rect", 148, 168, 22, 66, 10],
    ["rect", 68, 250, 30, 154, 12],
    ["rect", 102, 250, 30, 154, 12],
    ["rect", 66, 406, 30, 10, 5],
    ["rect", 104, 406, 30, 10, 5]
  ];

  function make(name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    return element;
  }

  function labelOf(box) {
    var label = document.querySelector('label[for="' + box.id + '"]');
    return label ? label.textContent.trim() : box.value;
  }

  function outline(svg, shapes) {
    var group = make("g", { "class": "body-map-outline", "aria-hidden": "true" });
    shapes.forEach(function (shape) {
      if (shape[0] === "ellipse") {
        group.appendChild(
          make("ellipse", { cx: shape[1], cy: shape[2], rx: shape[3], ry: shape[4] })
        );
      } else {
        group.appendChild(
          make("rect", {
            x: shape[1], y: shape[2], width: shape[3], height: shape[4], rx: shape[5]
          })
        );
      }
    });
    svg.appendChild(group);
  }

  var areas = [];

  function drawing(title, shapes, outlineShapes, sides) {
    var figure = document.createElement("figure");
    figure.className = "body-map-view";
    var caption = document.createElement("figcaption");
    caption.className = "body-map-caption";
    caption.textContent = title;
    caption.id = "body-map-" + title.toLowerCase();
    var svg = make("svg", {
      viewBox: "0 0 200 420",
      role: "group",
      "aria-labelledby": caption.id,
      focusable: "false"
    });
    outline(svg, outlineShapes);
    shapes.forEach(function (shape) {
      var box = boxes[shape[0]];
      if (!box) {
        return;
      }
      var area = make("rect", {
        x: shape[1], y: shape[2], width: shape[3], height: shape[4], rx: shape[5],
        "class": "body-map-area",
        role: "checkbox",
        tabindex: "0",
        "aria-label": labelOf(box),
        "data-area": shape[0]
      });
      area.addEventListener("click", function () {
        toggle(box);
      });
      area.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Enter") {
          event.preventDefault();
          toggle(box);
        }
      });
      svg.appendChild(area);
      areas.push(area);
    });
    figure.appendChild(caption);
    figure.appendChild(svg);
    var sideNames = document.createElement("p");
    sideNames.className = "body-map-sides";
    sideNames.setAttribute("aria-hidden", "true");
    sides.forEach(function (side) {
      var span = document.createElement("span");
      span.textContent = side;
      sideNames.appendChild(span);
    });
    figure.appendChild(sideNames);
    return figure;
  }

  function hatchPattern() {
    var svg = make("svg", { "class": "body-map-defs", "aria-hidden": "true", focusable: "false" });
    var pattern = make("pattern", {
      id: "body-map-hatch",
      patternUnits: "userSpaceOnUse",
      width: "7",
      height: "7",
      patternTransform: "rotate(45)"
    });
    pattern.appendChild(make("rect", { width: "7", height: "7", "class": "body-map-hatch-ground" }));
    pattern.appendChild(make("rect", { width: "3", height: "7", "class": "body-map-hatch-line" }));
    svg.appendChild(make("defs", {})).appendChild(pattern);
    return svg;
  }

  var chosen = document.createElement("p");
  chosen.className = "body-map-chosen";
  chosen.setAttribute("aria-live", "polite");

  function show() {
    var names = [];
    areas.forEach(function (area) {
      var box = boxes[area.getAttribute("data-area")];
      area.setAttribute("aria-checked", box.checked ? "true" : "false");
    });
    Object.keys(boxes).forEach(function (code) {
      if (boxes[code].checked) {
        names.push(labelOf(boxes[code]));
      }
    });
    chosen.textContent = names.length
      ? "Areas ticked: " + names.join(", ") + "."
      : "No area ticked yet.";
  }

  function toggle(box) {
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  }

  var help = document.createElement("p");
  help.className = "body-map-help";
  help.textContent =
    "You can also tap the places on the drawing (tap again to undo): the list below ticks " +
    "with it.";
  var views = document.createElement("div");
  views.className = "body-map-views";
  views.appendChild(drawing("Front", FRONT, FRONT_OUTLINE, ["Your right", "Your left"]));
  views.appendChild(drawing("Back", BACK, BACK_OUTLINE, ["Your left", "Your right"]));
  holder.appendChild(hatchPattern());
  holder.appendChild(help);
  holder.appendChild(views);
  holder.appendChild(chosen);
  Object.keys(boxes).forEach(function (code) {
    boxes[code].addEventListener("change", show);
  });
  show();
  holder.hidden = false;
})();
