// The chat: a role="log" message list, the question form with stop and retry, follow-ups kept
// for the page session, and the answer's citations opening the source viewer.
import { ApiError, ChatMessage, Citation, Done, streamChat } from "./api";
import { announcer, el } from "./dom";
import { Texts } from "./i18n";
import { answerText, notice, sourceList } from "./render";

export interface ChatOptions {
  t: Texts;
  greeting?: string;
  suggestions: string[];
  filters: () => Record<string, string>;
  openSource: (citation: Citation, from: HTMLElement) => void;
  onAnswer?: (done: Done) => void;
}

const STORE = "kommunrag.conversation";

export class Chat {
  readonly root = el("div", { class: "chat" });
  readonly input: HTMLTextAreaElement;
  private log = el("div", { class: "log", role: "log", "aria-live": "off", "aria-labelledby": "log-label", tabindex: "0" });
  private send = el("button", { type: "submit", class: "primary" });
  private stop = el("button", { type: "button", class: "secondary", hidden: true });
  private messages: ChatMessage[] = [];
  private running: AbortController | null = null;
  private say: (message: string) => void;

  constructor(private o: ChatOptions) {
    const { t } = o;
    this.input = el("textarea", { id: "question", rows: "2", placeholder: t.placeholder, maxlength: "2000", autocomplete: "off" });
    this.send.textContent = t.send;
    this.stop.textContent = t.stop;
    this.stop.addEventListener("click", () => this.running?.abort());
    const form = el(
      "form",
      { class: "ask" },
      el("label", { for: "question", class: "sr-only" }, t.input),
      this.input,
      el("div", { class: "buttons" }, this.send, this.stop),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.ask(this.input.value);
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        this.ask(this.input.value);
      }
    });
    this.root.append(el("h2", { id: "log-label", class: "sr-only" }, t.title), this.log, form);
    this.say = announcer(this.root);
    this.greet();
    this.restore();
  }

  private greet(): void {
    const { t } = this.o;
    const hello = el("div", { class: "msg assistant" }, el("p", {}, this.o.greeting || t.greeting));
    if (this.o.suggestions.length) {
      const list = el("ul", { class: "suggestions", "aria-label": t.suggestions });
      for (const s of this.o.suggestions) {
        const b = el("button", { type: "button", class: "secondary" }, s);
        b.addEventListener("click", () => this.ask(s));
        list.append(el("li", {}, b));
      }
      hello.append(list);
    }
    this.log.append(hello);
  }

  // The conversation survives a reload within the same tab (sessionStorage), nothing longer.
  private restore(): void {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORE) || "[]") as ChatMessage[];
      for (const m of saved) this.log.append(this.bubble(m.role, m.content));
      this.messages = saved;
    } catch {
      this.messages = [];
    }
  }

  private save(): void {
    try {
      sessionStorage.setItem(STORE, JSON.stringify(this.messages));
    } catch {
      /* storage may be off (a partitioned third-party frame): the page session still works */
    }
  }

  reset(): void {
    this.running?.abort();
    this.messages = [];
    this.save();
    this.log.replaceChildren();
    this.greet();
    this.input.focus();
  }

  private bubble(role: "user" | "assistant", text: string): HTMLElement {
    const who = role === "user" ? this.o.t.you : this.o.t.assistant;
    return el("div", { class: `msg ${role}` }, el("p", { class: "who sr-only" }, who + ":"), el("p", { class: "text" }, text));
  }

  ask(question: string): void {
    const text = question.trim();
    if (!text || this.running) return;
    this.log.querySelector(".suggestions")?.remove();
    if (this.messages.length && this.messages[this.messages.length - 1].role === "user") this.messages.pop();
    this.messages.push({ role: "user", content: text });
    this.log.append(this.bubble("user", text));
    this.input.value = "";
    void this.run();
  }

  private async run(): Promise<void> {
    const { t } = this.o;
    const box = el("div", { class: "msg assistant", "aria-busy": "true" });
    const live = el("p", { class: "text streaming" }, t.searching);
    box.append(live);
    this.log.append(box);
    box.scrollIntoView({ block: "end" });
    const control = new AbortController();
    this.running = control;
    this.stop.hidden = false;
    this.send.disabled = true;
    let streamed = "";
    try {
      const finished = await streamChat([...this.messages], this.o.filters(), {
        sources: () => undefined,
        delta: (piece) => {
          streamed += piece;
          live.textContent = streamed;
        },
        done: (done) => this.finish(box, done),
      }, control.signal);
      if (!finished) this.fail(box, t.dropped, true);
    } catch (e) {
      if (control.signal.aborted) {
        box.append(notice(t.stopped));
        this.messages.pop();
        this.say(t.stopped);
      } else if (e instanceof ApiError && e.status === 401) this.fail(box, t.signIn, false);
      else if (e instanceof ApiError && e.status < 500) this.fail(box, t.failed + e.message, false);
      else this.fail(box, e instanceof ApiError ? t.failed + e.message : t.dropped, true);
    } finally {
      box.removeAttribute("aria-busy");
      this.running = null;
      this.stop.hidden = true;
      this.send.disabled = false;
      this.save();
    }
  }

  private finish(box: HTMLElement, done: Done): void {
    const { t } = this.o;
    box.replaceChildren(el("p", { class: "who sr-only" }, t.assistant + ":"), answerText(done.answer, done.citations, t, this.o.openSource));
    if (done.degraded) box.append(notice(t.degraded));
    if (!done.supported) box.append(notice(t.unsupported));
    if (done.citations.length) box.append(sourceList(done.citations, t, this.o.openSource));
    this.messages.push({ role: "assistant", content: done.answer });
    this.say(t.done);
    this.o.onAnswer?.(done);
  }

  private fail(box: HTMLElement, message: string, retry: boolean): void {
    box.querySelector(".streaming")?.remove();
    box.append(el("p", { class: "notice error" }, message));
    this.say(message);
    if (!retry) {
      this.messages.pop();
      return;
    }
    const again = el("button", { type: "button", class: "secondary" }, this.o.t.retry);
    again.addEventListener("click", () => {
      box.remove();
      void this.run();
    });
    box.append(again);
    again.focus();
  }
}
