// Renders /api/v1/openapi.json as a readable page: operations grouped by
// tag, each with its parameters, request body and responses. Text from the
// document is set with textContent, never as HTML.

const METHODS = ["get", "post", "put", "patch", "delete"];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c == null) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

// resolve follows a local $ref ("#/components/...") in the document.
function resolve(doc, obj) {
  let seen = 0;
  while (obj && obj.$ref && seen++ < 20) {
    obj = obj.$ref.slice(2).split("/").reduce((o, k) => (o ? o[k] : undefined), doc);
  }
  return obj || {};
}

// shape writes a schema as compact pseudo-JSON, one property a line;
// named schemas are shown by name after the first level.
function shape(doc, schema, depth = 0) {
  if (!schema) return "";
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    if (depth > 1) return name;
    return shape(doc, resolve(doc, schema), depth);
  }
  const alts = schema.oneOf || schema.anyOf;
  if (alts) return alts.map((s) => shape(doc, s, depth + 1)).join(" | ");
  const types = [].concat(schema.type || []);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (types.includes("array")) {
    return `[${shape(doc, schema.items, depth + 1)}]` + (types.includes("null") ? " | null" : "");
  }
  if (types.includes("object") && schema.properties) {
    const req = new Set(schema.required || []);
    const pad = "  ".repeat(depth + 1);
    const lines = Object.entries(schema.properties).map(
      ([k, v]) => `${pad}${k}${req.has(k) ? "" : "?"}: ${shape(doc, v, depth + 1)}`,
    );
    return `{\n${lines.join(",\n")}\n${"  ".repeat(depth)}}`;
  }
  let t = types.join(" | ") || "any";
  if (schema.format) t += ` (${schema.format})`;
  return t;
}

// prose turns a description into paragraphs (blank-line separated), with
// `backticked` spans as code.
function prose(text) {
  return (text || "")
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== "")
    .map((p) => el("p", {}, ...inline(p)));
}

// inline is one line of text with `backticked` spans as code.
function inline(text) {
  const parts = (text || "").replace(/\s+/g, " ").trim().split("`");
  return parts.map((part, i) => (i % 2 ? el("code", {}, part) : part));
}

function contentOf(doc, content) {
  const out = [];
  for (const [type, media] of Object.entries(content || {})) {
    out.push(el("div", { class: "muted" }, el("code", {}, type)));
    // Problems all share one shape, described at the top of the page.
    if (media.schema && type === "application/json") out.push(el("pre", {}, shape(doc, media.schema)));
  }
  return out;
}

function operation(doc, path, method, item, op) {
  const secured = (op.security || doc.security || []).length > 0;
  const summary = el(
    "summary",
    {},
    el("span", { class: `method ${method}` }, method),
    el("span", { class: "path" }, path),
    el("span", {}, op.summary || ""),
    secured ? el("span", { class: "lock" }, "bearer") : null,
  );
  const body = el("div", { class: "body" });
  body.append(...prose(op.description));
  const params = [...(item.parameters || []), ...(op.parameters || [])].map((p) => resolve(doc, p));
  if (params.length) {
    const rows = params.map((p) =>
      el(
        "tr",
        {},
        el("td", {}, el("code", {}, p.name)),
        el("td", {}, p.in + (p.required ? ", required" : "")),
        el("td", {}, shape(doc, p.schema, 2)),
        el("td", {}, ...inline(p.description)),
      ),
    );
    body.append(el("h3", {}, "Parameters"), el("table", {}, ...rows));
  }
  if (op.requestBody) {
    const rb = resolve(doc, op.requestBody);
    body.append(el("h3", {}, rb.required ? "Request body" : "Request body (optional)"), ...contentOf(doc, rb.content));
  }
  const rows = Object.entries(op.responses || {}).map(([status, r]) => {
    const res = resolve(doc, r);
    return el(
      "tr",
      {},
      el("td", { class: "status" }, status),
      el(
        "td",
        {},
        ...prose(res.description),
        ...Object.keys(res.headers || {}).map((h) => el("div", { class: "muted" }, "Header ", el("code", {}, h))),
        ...contentOf(doc, res.content),
      ),
    );
  });
  body.append(el("h3", {}, "Responses"), el("table", {}, ...rows));
  const node = el("details", { class: "op" }, summary, body);
  if (op.operationId) node.id = op.operationId;
  node.dataset.search = `${method} ${path} ${op.summary || ""}`.toLowerCase();
  return node;
}

function render(doc) {
  const main = document.getElementById("doc");
  main.replaceChildren();
  main.append(el("section", { class: "intro" }, ...prose(doc.info.description)));
  const groups = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = (op.tags && op.tags[0]) || "other";
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push(operation(doc, path, method, item, op));
    }
  }
  const order = (doc.tags || []).map((t) => t.name);
  const tags = [...groups.keys()].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  for (const tag of tags) {
    main.append(el("section", { "data-tag": tag }, el("h2", {}, tag), ...groups.get(tag)));
  }
  const filter = document.getElementById("filter");
  filter.addEventListener("input", () => {
    const q = filter.value.trim().toLowerCase();
    for (const op of main.querySelectorAll("details.op")) {
      op.classList.toggle("hidden", q !== "" && !op.dataset.search.includes(q));
    }
  });
  // A link to #operationId opens that operation.
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && target.matches("details.op")) {
    target.open = true;
    target.scrollIntoView();
  }
}

async function main() {
  try {
    const res = await fetch("/api/v1/openapi.json");
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    render(await res.json());
  } catch (err) {
    document.getElementById("doc").replaceChildren(el("p", {}, `The document could not be loaded: ${err.message}`));
  }
}

main();
