// The source viewer: the cited section of a document, the quoted sentence highlighted by the
// character offsets the index keeps (quote_start/quote_end), metadata, prev/next sections and
// a link to the original file (a PDF at the cited page).
import { ApiError, getJson } from "./api";
import { el } from "./dom";
import { Texts } from "./i18n";

interface Section {
  anchor: string;
  pages: number[];
  page_starts: { offset: number; page: number }[];
  organ: string | null;
  municipality: string | null;
  date: string | null;
  dnr: string | null;
  paragraph: string | null;
  title: string | null;
  text: string;
}

interface DocumentDetail {
  document: { doc_id: string; title: string | null; format: string; files: string[]; pages: number };
  sections: Section[];
}

export interface Target {
  docId: string;
  section: number;
  start: number | null;
  end: number | null;
}

export interface ViewerOptions {
  t: Texts;
  lang: string;
  onBack?: () => void; // inside the chat: a "back" button
  onMove?: (target: Target) => void; // standalone: keep the address in step
}

// "/view/ID?q=120-245#sec-3" <-> Target
export function viewHref(target: Target, lang: string): string {
  const q = target.start !== null && target.end !== null ? `&q=${target.start}-${target.end}` : "";
  return `/view/${encodeURIComponent(target.docId)}?lang=${lang}${q}#sec-${target.section}`;
}

export function targetFromLocation(docId: string): Target {
  const sec = /^#sec-(\d+)$/.exec(location.hash);
  const q = /^(\d+)-(\d+)$/.exec(new URLSearchParams(location.search).get("q") || "");
  return {
    docId,
    section: sec ? Number(sec[1]) : 0,
    start: q ? Number(q[1]) : null,
    end: q ? Number(q[2]) : null,
  };
}

function pageAt(section: Section, offset: number): number {
  let page = section.pages[0];
  for (const s of section.page_starts) if (s.offset <= offset) page = s.page;
  return page;
}

function sectionText(section: Section, target: Target, t: Texts): HTMLElement {
  const text = section.text;
  const body = el("div", { class: "section-text" });
  const { start, end } = target;
  if (start === null || end === null || start < 0 || end > text.length || start >= end) {
    body.append(text);
    return body;
  }
  const mark = el("mark", { id: "quote", tabindex: "-1", "aria-label": t.quote }, text.slice(start, end));
  body.append(text.slice(0, start), mark, text.slice(end));
  return body;
}

function metadata(doc: DocumentDetail, section: Section, t: Texts): HTMLElement {
  const rows: [string, string | null][] = [
    [t.organ, section.organ],
    [t.municipality, section.municipality],
    [t.date, section.date],
    [t.paragraph, section.paragraph ? `§ ${section.paragraph}` : null],
    [t.dnr, section.dnr],
    [t.pages, section.pages[0] === section.pages[1] ? `${section.pages[0]}` : `${section.pages[0]}–${section.pages[1]}`],
    [t.file, doc.document.files[0] || null],
  ];
  const list = el("dl", { class: "meta" });
  for (const [name, value] of rows) if (value) list.append(el("dt", {}, name), el("dd", {}, value));
  return list;
}

export class Viewer {
  readonly root = el("section", { class: "viewer", "aria-labelledby": "viewer-title" });
  private doc: DocumentDetail | null = null;
  private cited: Target | null = null; // the section and quote the viewer was opened at

  constructor(private options: ViewerOptions) {}

  async show(target: Target): Promise<void> {
    const { t } = this.options;
    this.cited = target;
    this.root.replaceChildren(el("p", { class: "notice" }, t.loading));
    try {
      if (!this.doc || this.doc.document.doc_id !== target.docId) {
        this.doc = await getJson<DocumentDetail>(`/v1/documents/${encodeURIComponent(target.docId)}`);
      }
    } catch (e) {
      const message = e instanceof ApiError && e.status === 404 ? t.notFound : t.failed + String((e as Error).message);
      this.root.replaceChildren(this.backButton() || "", el("p", { class: "notice error", role: "alert" }, message));
      return;
    }
    this.draw(target);
  }

  private backButton(): HTMLElement | null {
    if (!this.options.onBack) return null;
    const back = el("button", { type: "button", class: "secondary back" }, "← " + this.options.t.back);
    back.addEventListener("click", () => this.options.onBack?.());
    return back;
  }

  private draw(target: Target): void {
    const { t, lang } = this.options;
    const doc = this.doc as DocumentDetail;
    const count = doc.sections.length;
    const index = Math.min(Math.max(target.section, 0), count - 1);
    const section = doc.sections[index];
    const cited = this.cited || target;
    const quoted =
      index === cited.section ? { ...cited, section: index } : { docId: target.docId, section: index, start: null, end: null };
    const page = quoted.start !== null ? pageAt(section, quoted.start) : section.pages[0];
    const isPdf = doc.document.format === "pdf";
    const fileHref = `/v1/documents/${encodeURIComponent(doc.document.doc_id)}/file` + (isPdf ? `#page=${page}` : "");
    const heading = [section.organ, section.paragraph ? `§ ${section.paragraph}` : null, section.title]
      .filter(Boolean)
      .join(" – ");
    const nav = el("nav", { class: "section-nav", "aria-label": t.sectionOf(index + 1, count) });
    const move = (to: number) => {
      const next = { docId: target.docId, section: to, start: null, end: null };
      this.options.onMove?.(to === cited.section ? cited : next);
      this.draw(next);
      this.root.querySelector<HTMLElement>("h2")?.focus({ preventScroll: true });
    };
    const prev = el("button", { type: "button", class: "secondary", disabled: index === 0 }, "‹ " + t.prev);
    const next = el("button", { type: "button", class: "secondary", disabled: index >= count - 1 }, t.next + " ›");
    prev.addEventListener("click", () => move(index - 1));
    next.addEventListener("click", () => move(index + 1));
    nav.append(prev, el("span", {}, t.sectionOf(index + 1, count)), next);
    const links = el(
      "p",
      { class: "links" },
      el("a", { href: fileHref, target: "_blank", rel: "noopener" }, isPdf ? t.originalPage(page) : t.original),
      this.options.onBack ? el("a", { href: viewHref(quoted, lang), target: "_blank", rel: "noopener" }, t.newTab) : null,
    );
    this.root.replaceChildren(
      ...[this.backButton()].filter((x): x is HTMLElement => x !== null),
      el("h2", { id: "viewer-title", tabindex: "-1" }, heading || doc.document.title || doc.document.files[0] || doc.document.doc_id),
      el("p", { class: "doc-title" }, doc.document.title || ""),
      metadata(doc, section, t),
      links,
      nav,
      el("div", { id: `sec-${index}`, class: "section" }, sectionText(section, quoted, t)),
    );
    const mark = this.root.querySelector<HTMLElement>("#quote");
    if (mark) mark.scrollIntoView({ block: "center" });
  }
}
