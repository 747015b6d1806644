// The postMessage protocol between the host page (loader) and the chat iframe, version 1.
// Every message is {kommunrag: 1, type, ...}; each side checks the other's origin and window.
export const PROTOCOL = 1;

export type HostToFrame =
  | { kommunrag: 1; type: "init"; options: WidgetOptions }
  | { kommunrag: 1; type: "focus" }
  | { kommunrag: 1; type: "token"; id: number; token: string | null };

export type FrameToHost =
  | { kommunrag: 1; type: "ready" }
  | { kommunrag: 1; type: "close" }
  | { kommunrag: 1; type: "token-request"; id: number }
  | { kommunrag: 1; type: "answer"; supported: boolean; sources: number; degraded: boolean };

export interface WidgetOptions {
  lang: "sv" | "en";
  greeting?: string;
  suggestions: string[];
  filters: Record<string, string>;
  color?: string;
  hasTokenProvider: boolean;
}

export function isMessage(data: unknown): data is { kommunrag: number; type: string } {
  return typeof data === "object" && data !== null && (data as { kommunrag?: unknown }).kommunrag === PROTOCOL;
}

// WCAG 2.x contrast of white text on a #rrggbb colour (same formula as assistant/web/contrast.py).
export function contrastWithWhite(hex: string): number {
  const ch = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  const lum = 0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5);
  return 1.05 / (lum + 0.05);
}

export function usableColor(value: string | null | undefined): string | undefined {
  if (!value || !/^#[0-9a-fA-F]{6}$/.test(value)) return undefined;
  return contrastWithWhite(value) >= 4.5 ? value : undefined;
}
