// The API's documentation UI: Swagger UI (vendored beside this file) reading the served OpenAPI description.
window.addEventListener("load", function () {
  var element = document.getElementById("swagger-ui");
  SwaggerUIBundle({
    url: element.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
