import { Hono } from "hono";

/**
 * The API reference page: the OpenAPI document read as a page of the product, in the app's
 * colours and type, from this origin only (no fonts, proxies or "Ask AI" from elsewhere), and
 * accessible: landmarks, one heading outline, tables with headers, contrast as in the app.
 * A small script of its own (inline; the docs' CSP allows it) reads `openapi.json` and writes
 * the page with text nodes only, so nothing in the document can inject markup.
 */
const STYLE = `
:root{--ink:#17202a;--muted:#55606e;--line:#d5dae1;--paper:#fff;--wash:#f4f6f8;--accent:#1d4ed8;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--wash)}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent)}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.5rem 1rem;background:#1e293b;color:#fff}
.top a{color:#fff}.brand{font-weight:700;font-size:1.15rem;text-decoration:none}
.skip{position:absolute;left:-999px;top:0;background:var(--paper);padding:.5rem}.skip:focus{left:.5rem}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
main{max-width:80rem;margin:0 auto;padding:1rem}main:focus{outline:none}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin:1.5rem 0 .5rem}h3{font-size:1rem;margin:0 0 .25rem}
.lede{color:var(--muted);max-width:60rem}
.toc ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0}
.op{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:.75rem 1rem;margin:.75rem 0;overflow-wrap:anywhere}
.method{display:inline-block;min-width:4.2rem;font-weight:700;font-family:ui-monospace,monospace;color:#1e3a8a}
code{background:var(--wash);padding:0 .25rem;border-radius:3px;font-size:.9em;overflow-wrap:anywhere}
.scroll{overflow-x:auto}table{border-collapse:collapse;background:var(--paper);margin:.25rem 0;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
.muted{color:var(--muted)}.status{padding:.5rem .75rem;border-radius:6px;background:#fee2e2;color:#7f1d1d}
@media (max-width:40rem){main{padding:.6rem}h1{font-size:1.35rem}}
`;

const SCRIPT = `
(function () {
  var main = document.getElementById("main");
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function slug(text) { return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-"); }
  function refName(schema) { return schema && schema.$ref ? schema.$ref.split("/").pop() : null; }
  function typeOf(schema, doc) {
    if (!schema) return "any";
    var name = refName(schema);
    if (name) return name;
    if (schema.enum) return "one of " + schema.enum.map(function (v) { return JSON.stringify(v); }).join(", ");
    if (schema.type === "array") return "list of " + typeOf(schema.items, doc);
    if (schema.anyOf || schema.oneOf) return (schema.anyOf || schema.oneOf).map(function (s) { return typeOf(s, doc); }).join(" or ");
    return Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type || "object");
  }
  function resolve(schema, doc) {
    var name = refName(schema);
    return name ? (doc.components.schemas[name] || {}) : (schema || {});
  }
  function fields(schema, doc, caption) {
    var body = resolve(schema, doc);
    var props = body.properties || {};
    var names = Object.keys(props);
    if (names.length === 0) return el("p", {}, [caption + ": ", el("code", {}, [typeOf(schema, doc)])]);
    var required = body.required || [];
    var rows = names.map(function (name) {
      var prop = props[name];
      return el("tr", {}, [
        el("th", { scope: "row" }, [el("code", {}, [name])]),
        el("td", {}, [typeOf(prop, doc)]),
        el("td", {}, [required.indexOf(name) >= 0 ? "yes" : "no"]),
        el("td", {}, [resolve(prop, doc).description || ""]),
      ]);
    });
    return el("div", { class: "scroll" }, [el("table", {}, [
      el("caption", {}, [caption]),
      el("thead", {}, [el("tr", {}, ["Field", "Type", "Required", "Meaning"].map(function (h) { return el("th", { scope: "col" }, [h]); }))]),
      el("tbody", {}, rows),
    ])]);
  }
  function operation(path, method, op, doc) {
    var id = slug(method + "-" + path);
    var parts = [el("h3", { id: id }, [el("span", { class: "method" }, [method.toUpperCase()]), " ", el("code", {}, [path])]),
      el("p", {}, [op.summary || ""])];
    if (op.description) parts.push(el("p", { class: "muted" }, [op.description]));
    var params = op.parameters || [];
    if (params.length > 0) {
      parts.push(el("div", { class: "scroll" }, [el("table", {}, [
        el("caption", {}, ["Parameters"]),
        el("thead", {}, [el("tr", {}, ["Name", "In", "Required", "Meaning"].map(function (h) { return el("th", { scope: "col" }, [h]); }))]),
        el("tbody", {}, params.map(function (p) {
          return el("tr", {}, [el("th", { scope: "row" }, [el("code", {}, [p.name])]), el("td", {}, [p.in]),
            el("td", {}, [p.required ? "yes" : "no"]), el("td", {}, [p.description || (p.schema && p.schema.description) || ""])]);
        })),
      ])]));
    }
    var content = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
    if (content) parts.push(fields(content.schema, doc, "Request body (JSON)"));
    var responses = Object.keys(op.responses || {});
    parts.push(el("p", {}, [el("strong", {}, ["Responses: "]),
      responses.map(function (code) { return code + " " + (op.responses[code].description || ""); }).join("; ")]));
    return el("section", { class: "op", "aria-labelledby": id }, parts);
  }
  fetch(main.getAttribute("data-document")).then(function (response) {
    if (!response.ok) throw new Error("the OpenAPI document answered " + response.status);
    return response.json();
  }).then(function (doc) {
    var byTag = {};
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method];
        var tag = (op.tags && op.tags[0]) || "Other";
        (byTag[tag] = byTag[tag] || []).push(operation(path, method, op, doc));
      });
    });
    var tags = Object.keys(byTag);
    main.replaceChildren(
      el("h1", {}, [doc.info.title + " v" + doc.info.version]),
      el("p", { class: "lede" }, [doc.info.description || ""]),
      el("p", {}, ["Base address: ", el("code", {}, [(doc.servers && doc.servers[0] && doc.servers[0].url) || ""]),
        ". The machine-readable document: ", el("a", { href: main.getAttribute("data-document") }, ["openapi.json"]), "."]),
      el("nav", { class: "toc", "aria-label": "Sections" }, [el("ul", {}, tags.map(function (tag) {
        return el("li", {}, [el("a", { href: "#" + slug("tag-" + tag) }, [tag])]);
      }))])
    );
    tags.forEach(function (tag) {
      main.appendChild(el("section", { "aria-labelledby": slug("tag-" + tag) }, [el("h2", { id: slug("tag-" + tag) }, [tag])].concat(byTag[tag])));
    });
    if (location.hash) { var target = document.getElementById(location.hash.slice(1)); if (target) target.scrollIntoView(); }
  }).catch(function (error) {
    main.replaceChildren(el("h1", {}, ["Termline API reference"]),
      el("p", { class: "status", role: "alert" }, ["The reference could not be read: " + error.message + "."]));
  });
})();
`;

const page = (basePath: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · Termline</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/">Termline</a><nav aria-label="Main"><a href="/home">Back to the app</a></nav></header>
<main id="main" tabindex="-1" data-document="${basePath}/openapi.json">
<h1>Termline API reference</h1>
<p>Reading the API's description… Without JavaScript, read <a href="${basePath}/openapi.json">openapi.json</a>.</p>
</main>
<script>${SCRIPT}</script>
</body>
</html>`;

/** The API reference page, served by the API at `{basePath}/docs`. */
export const docsRoutes = (basePath: string) =>
  new Hono().get("/docs", (c) => c.html(page(basePath)));
