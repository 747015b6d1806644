// Building DOM nodes. Text is always set as text (textContent), never parsed as HTML.
type Attrs = Record<string, string | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === "class") node.className = String(value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

// A polite live region: says a short message once (the answer is not read as it streams).
export function announcer(root: HTMLElement): (message: string) => void {
  const region = el("div", { class: "sr-only", role: "status", "aria-live": "polite" });
  root.append(region);
  return (message: string) => {
    region.textContent = "";
    window.setTimeout(() => (region.textContent = message), 50);
  };
}
