// kommunrag widget loader (v1). Draws only a launcher in a shadow root (styles kept apart); the chat runs
// in an iframe from kommunrag's own origin, created on first open, so host-page scripts can
// read neither answers nor tokens. Embed: <script async src=".../widget/v1/kommunrag.js"></script>
import { FrameToHost, PROTOCOL, WidgetOptions, isMessage, usableColor } from "./protocol";

type Handler = (detail: unknown) => void;
type Command = [string, ...unknown[]];
interface Api {
  (...args: Command): void;
  q?: Command[];
}

const TEXT = {
  sv: { open: "Fråga kommunrag", panel: "Chatt med kommunrag", frame: "kommunrag chatt" },
  en: { open: "Ask kommunrag", panel: "Chat with kommunrag", frame: "kommunrag chat" },
};

const CSS = `
:host{all:initial}
.launch{position:fixed;bottom:20px;z-index:2147483000;border:0;border-radius:28px;padding:14px 20px;
font:600 16px/1.2 system-ui,sans-serif;color:#fff;background:var(--c);cursor:pointer;box-shadow:0 2px 10px rgba(0,0,0,.3)}
.launch:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 6px #fff}
.panel{position:fixed;bottom:88px;z-index:2147483001;width:min(400px,calc(100vw - 32px));
height:min(640px,calc(100vh - 120px));background:#fff;border-radius:12px;overflow:hidden;
box-shadow:0 4px 24px rgba(0,0,0,.35)}
.panel[hidden]{display:none}
.r{right:20px}.l{left:20px}
iframe{border:0;width:100%;height:100%;display:block}
@media (max-width:639.98px){.panel{inset:0;width:100%;height:100%;border-radius:0;bottom:auto}}
@media (prefers-reduced-motion:no-preference){.panel{animation:k .15s ease-out}
@keyframes k{from{opacity:0;transform:translateY(8px)}to{opacity:1;transform:none}}}
`;

function currentScript(): HTMLScriptElement | null {
  const own = document.currentScript as HTMLScriptElement | null;
  if (own && own.src) return own;
  return document.querySelector('script[src*="/widget/v1/kommunrag"]');
}

function readOptions(script: HTMLScriptElement | null): WidgetOptions & Record<string, unknown> {
  const d = script ? script.dataset : ({} as DOMStringMap);
  const pageLang = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
  const lang = (d.lang || pageLang) === "en" ? "en" : "sv";
  let filters: Record<string, string> = {};
  let suggestions: string[] = [];
  try {
    filters = d.filters ? JSON.parse(d.filters) : {};
  } catch {
    console.warn("kommunrag: data-filters is not JSON; ignored");
  }
  try {
    suggestions = d.suggestions ? JSON.parse(d.suggestions) : [];
  } catch {
    suggestions = (d.suggestions || "").split("|");
  }
  if (d.color && !usableColor(d.color)) {
    console.warn("kommunrag: data-color " + d.color + " gives white text under 4.5:1 contrast; default used");
  }
  return {
    lang,
    greeting: d.greeting,
    suggestions: suggestions.map(String).filter(Boolean).slice(0, 4),
    filters,
    color: usableColor(d.color),
    hasTokenProvider: false,
    position: d.position === "bottom-left" ? "l" : "r",
    open: d.open !== undefined && d.open !== "false",
    launcher: d.launcher !== "none",
  };
}

function start(): void {
  const w = window as unknown as { kommunrag?: Api; __kommunragLoaded?: boolean };
  if (w.__kommunragLoaded) return;
  w.__kommunragLoaded = true;
  const script = currentScript();
  const origin = new URL(script ? script.src : location.href).origin;
  const opts = readOptions(script);
  const text = TEXT[opts.lang];
  const handlers: Record<string, Handler[]> = {};
  let tokenProvider: (() => Promise<string | null> | string | null) | null = null;
  let frame: HTMLIFrameElement | null = null;
  let ready = false;
  let lastFocus: Element | null = null;

  const host = document.createElement("kommunrag-widget");
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `<style>${CSS}</style>`;
  host.style.setProperty("--c", opts.color || "#1b5e8c");
  const launch = document.createElement("button");
  launch.className = "launch " + opts.position;
  launch.type = "button";
  launch.textContent = text.open;
  launch.setAttribute("aria-expanded", "false");
  if (!opts.launcher) launch.hidden = true;
  const panel = document.createElement("div");
  panel.className = "panel " + opts.position;
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "false");
  panel.setAttribute("aria-label", text.panel);
  root.append(launch, panel);
  document.body.appendChild(host);

  const post = (msg: object) => frame?.contentWindow?.postMessage({ kommunrag: PROTOCOL, ...msg }, origin);
  const emit = (name: string, detail: unknown) => (handlers[name] || []).forEach((h) => h(detail));

  function fitViewport(): void {
    const vv = window.visualViewport;
    if (!vv || panel.hidden || window.innerWidth >= 640) {
      panel.style.height = panel.style.top = "";
      return;
    }
    panel.style.top = vv.offsetTop + "px";
    panel.style.height = vv.height + "px";
  }

  function open(): void {
    if (!panel.hidden) return;
    lastFocus = document.activeElement;
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = text.frame;
      frame.src = `${origin}/embed/?lang=${opts.lang}&origin=${encodeURIComponent(location.origin)}`;
      frame.setAttribute("allow", "clipboard-write");
      panel.appendChild(frame);
    }
    panel.hidden = false;
    launch.setAttribute("aria-expanded", "true");
    fitViewport();
    frame.focus();
    if (ready) post({ type: "focus" });
    emit("open", null);
  }

  function close(): void {
    if (panel.hidden) return;
    panel.hidden = true;
    launch.setAttribute("aria-expanded", "false");
    if (opts.launcher) launch.focus();
    else if (lastFocus instanceof HTMLElement) lastFocus.focus();
    emit("close", null);
  }

  async function answerToken(id: number): Promise<void> {
    let token: string | null = null;
    try {
      token = tokenProvider ? await tokenProvider() : null;
    } catch (e) {
      console.warn("kommunrag: tokenProvider failed", e);
    }
    post({ type: "token", id, token });
  }

  window.addEventListener("message", (e: MessageEvent) => {
    if (!frame || e.source !== frame.contentWindow || e.origin !== origin || !isMessage(e.data)) return;
    const msg = e.data as FrameToHost;
    if (msg.type === "ready") {
      ready = true;
      post({ type: "init", options: { ...opts, hasTokenProvider: !!tokenProvider } });
      if (!panel.hidden) post({ type: "focus" });
    } else if (msg.type === "close") close();
    else if (msg.type === "token-request") void answerToken(msg.id);
    else if (msg.type === "answer") emit("answer", { supported: msg.supported, sources: msg.sources, degraded: msg.degraded });
  });
  launch.addEventListener("click", () => (panel.hidden ? open() : close()));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !panel.hidden) close();
  });
  window.visualViewport?.addEventListener("resize", fitViewport);
  window.visualViewport?.addEventListener("scroll", fitViewport);

  const api: Api = (name, ...args) => {
    if (name === "open") open();
    else if (name === "close") close();
    else if (name === "toggle") (panel.hidden ? open : close)();
    else if (name === "on" && typeof args[1] === "function") (handlers[String(args[0])] ||= []).push(args[1] as Handler);
    else if (name === "tokenProvider" && typeof args[0] === "function") tokenProvider = args[0] as typeof tokenProvider;
    else console.warn("kommunrag: unknown command " + name);
  };
  const queued = (w.kommunrag && w.kommunrag.q) || [];
  w.kommunrag = api;
  queued.forEach((c) => api(...c));
  if (opts.open) open();
}

if (document.body) start();
else document.addEventListener("DOMContentLoaded", start);
