// Entry of the chat app: the widget's iframe (/embed/), the full chat page (/) and the
// standalone source viewer (/view/{doc_id}), all configured by the page's data-config.
import { HostToFrame, WidgetOptions, isMessage, usableColor } from "../protocol";
import { Citation, Done, setTokenSource } from "./api";
import { Chat } from "./chat";
import { el } from "./dom";
import { Lang, TEXTS, Texts } from "./i18n";
import { filterPanel } from "./page";
import { targetFromLocation, viewHref, Viewer } from "./viewer";

interface Config {
  mode: "page" | "embed" | "view";
  lang: Lang;
  color: string;
  disclosure: Record<Lang, string>;
  parentOrigin?: string | null;
  docId?: string;
}

function disclosure(config: Config): HTMLElement {
  return el("p", { class: "disclosure", role: "note" }, config.disclosure[config.lang]);
}

function setColor(color: string | undefined): void {
  const usable = usableColor(color);
  if (usable) document.documentElement.style.setProperty("--c", usable);
}

function header(config: Config, t: Texts, extra: HTMLElement[]): HTMLElement {
  return el(
    "header",
    { class: "top" },
    el("div", { class: "brand" }, el("h1", {}, t.title), el("p", { class: "sub" }, t.subtitle)),
    ...extra,
  );
}

// Chat plus viewer in one pane: a citation swaps the chat for the viewer; "back" returns.
function chatWithViewer(
  config: Config,
  t: Texts,
  options: { greeting?: string; suggestions: string[]; filters: () => Record<string, string>; onAnswer?: (done: Done) => void },
): { pane: HTMLElement; chat: Chat } {
  let returnTo: HTMLElement | null = null;
  const pane = el("main", { class: "pane" });
  const viewer = new Viewer({
    t,
    lang: config.lang,
    onBack: () => {
      viewer.root.remove();
      chat.root.hidden = false;
      returnTo?.focus();
    },
  });
  const open = (c: Citation, from: HTMLElement) => {
    returnTo = from;
    chat.root.hidden = true;
    pane.append(viewer.root);
    void viewer.show({ docId: c.doc_id, section: c.section_index ?? 0, start: c.quote_start, end: c.quote_end }).then(() =>
      viewer.root.querySelector<HTMLElement>("h2")?.focus({ preventScroll: true }),
    );
  };
  const chat = new Chat({ t, ...options, openSource: open });
  pane.append(chat.root);
  return { pane, chat };
}

function embed(root: HTMLElement, config: Config): void {
  const t = TEXTS[config.lang];
  const parent = config.parentOrigin || null;
  const toHost = (msg: object) => parent && window.parent.postMessage({ kommunrag: 1, ...msg }, parent);
  let options: WidgetOptions = { lang: config.lang, suggestions: [], filters: {}, hasTokenProvider: false };
  let pendingToken = 0;
  const tokens = new Map<number, (token: string | null) => void>();
  setTokenSource(
    () =>
      new Promise((resolve) => {
        if (!options.hasTokenProvider || !parent) return resolve(null);
        const id = ++pendingToken;
        tokens.set(id, resolve);
        toHost({ type: "token-request", id });
        window.setTimeout(() => tokens.has(id) && (tokens.delete(id), resolve(null)), 5000);
      }),
  );
  const closeButton = el("button", { type: "button", class: "icon close", "aria-label": t.close }, "×");
  closeButton.addEventListener("click", () => toHost({ type: "close" }));
  let chat: Chat | null = null;
  const build = () => {
    const made = chatWithViewer(config, t, {
      greeting: options.greeting,
      suggestions: options.suggestions,
      filters: () => options.filters,
      onAnswer: (done: Done) =>
        toHost({ type: "answer", supported: done.supported, sources: done.citations.length, degraded: done.degraded }),
    });
    chat = made.chat;
    root.replaceChildren(header(config, t, parent ? [closeButton] : []), disclosure(config), made.pane);
  };
  build();
  window.addEventListener("message", (e: MessageEvent) => {
    if (!parent || e.origin !== parent || e.source !== window.parent || !isMessage(e.data)) return;
    const msg = e.data as HostToFrame;
    if (msg.type === "init") {
      options = { ...options, ...msg.options };
      setColor(options.color);
      build();
    } else if (msg.type === "focus") chat?.input.focus();
    else if (msg.type === "token") {
      tokens.get(msg.id)?.(typeof msg.token === "string" ? msg.token : null);
      tokens.delete(msg.id);
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") toHost({ type: "close" });
  });
  toHost({ type: "ready" });
}

function page(root: HTMLElement, config: Config): void {
  const t = TEXTS[config.lang];
  const filters: Record<string, string> = {};
  const { pane, chat } = chatWithViewer(config, t, { suggestions: [], filters: () => ({ ...filters }) });
  const other = el("a", { class: "lang", href: `/?lang=${t.otherLang}`, lang: t.otherLang }, t.language);
  const fresh = el("button", { type: "button", class: "secondary" }, t.newChat);
  fresh.addEventListener("click", () => chat.reset());
  const about = el(
    "details",
    { class: "about" },
    el("summary", {}, t.about),
    ...t.aboutText.map((p) => el("p", {}, p)),
  );
  // On a phone the panel starts folded, so that the chat keeps the screen.
  const folded = window.matchMedia("(max-width: 639.98px)").matches;
  const panel = el("details", { class: "side-panel", open: !folded }, el("summary", {}, t.filters), filterPanel(t, filters), fresh, about);
  const side = el("aside", { class: "side", "aria-label": t.filters }, panel);
  root.replaceChildren(header(config, t, [other]), disclosure(config), el("div", { class: "layout" }, side, pane));
  chat.input.focus();
}

function view(root: HTMLElement, config: Config): void {
  const t = TEXTS[config.lang];
  const docId = config.docId || "";
  const viewer = new Viewer({
    t,
    lang: config.lang,
    onMove: (target) => history.replaceState(null, "", viewHref(target, config.lang)),
  });
  const home = el("a", { href: `/?lang=${config.lang}` }, "← " + t.title);
  root.replaceChildren(header(config, t, [home]), el("main", { class: "pane" }, viewer.root));
  void viewer.show(targetFromLocation(docId));
}

function start(): void {
  const root = document.getElementById("kommunrag");
  if (!root) return;
  const config = JSON.parse(root.dataset.config || "{}") as Config;
  setColor(config.color);
  if (config.mode === "embed") embed(root, config);
  else if (config.mode === "view") view(root, config);
  else page(root, config);
}

start();
