// An answer as DOM: its text with each [n] a chip, and the "N källor" list under it.
// Answer and quote text are inserted as text nodes only: no HTML, no Markdown, no links.
import { Citation } from "./api";
import { el } from "./dom";
import { Texts } from "./i18n";

export type OpenSource = (citation: Citation, chip: HTMLElement) => void;

function shortLabel(c: Citation): string {
  const who = c.organ || c.municipality || c.file;
  return c.section && c.section.startsWith("§") ? `${who} ${c.section}` : who;
}

function chip(c: Citation, t: Texts, open: OpenSource, full: boolean): HTMLButtonElement {
  const button = el(
    "button",
    { type: "button", class: "chip", "aria-label": t.source(c.n, c.label), title: c.label },
    el("span", { class: "n" }, String(c.n)),
    " " + (full ? c.label : shortLabel(c)),
  );
  button.addEventListener("click", () => open(c, button));
  return button;
}

export function answerText(text: string, citations: Citation[], t: Texts, open: OpenSource): HTMLElement {
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  const body = el("div", { class: "answer-text" });
  for (const line of text.split("\n")) {
    const p = el("p");
    let last = 0;
    for (const match of line.matchAll(/\[(\d+)\]/g)) {
      const citation = byNumber.get(Number(match[1]));
      if (!citation) continue;
      p.append(line.slice(last, match.index));
      p.append(chip(citation, t, open, false));
      last = (match.index || 0) + match[0].length;
    }
    p.append(line.slice(last));
    body.append(p);
  }
  return body;
}

export function sourceList(citations: Citation[], t: Texts, open: OpenSource): HTMLElement {
  const list = el("ol", { class: "source-list" });
  for (const c of citations) {
    list.append(el("li", {}, chip(c, t, open, true), el("span", { class: "file" }, c.file)));
  }
  return el("div", { class: "sources" }, el("p", { class: "sources-title" }, t.sources(citations.length)), list);
}

export function notice(text: string, kind: "info" | "error" = "info"): HTMLElement {
  return el("p", { class: `notice ${kind}` }, text);
}
