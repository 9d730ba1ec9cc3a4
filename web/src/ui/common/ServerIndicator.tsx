import { createMemo, type JSX } from "solid-js";
import { useStudio } from "../../store/context";

type Indicator = { state: string; label: string; title: string };

/** Offline / server unreachable / connected (FEATURES §1), always visible in the header. */
export function ServerIndicator(props: { onClick?: () => void }): JSX.Element {
  const { state } = useStudio();
  const indicator = createMemo<Indicator>(() => {
    const server = state.server;
    if (!server.online) {
      return {
        state: "offline",
        label: "Offline",
        title: "You are offline. Editing and playback work; generating needs the server.",
      };
    }
    switch (server.status) {
      case "connected": {
        const device = server.health?.device === "cuda" ? "GPU" : "CPU";
        const queue = server.health ? server.health.queue.queued + server.health.queue.running : 0;
        return {
          state: "connected",
          label: `Connected · ${device}`,
          title: `GPU server ${server.health?.version ?? ""} on ${device}; ${queue} job(s) queued or running.`,
        };
      }
      case "unauthorized":
        return { state: "unauthorized", label: "Token needed", title: server.error?.remedy ?? "" };
      case "unreachable":
        return {
          state: "unreachable",
          label: "Server unreachable",
          title: `${server.error?.detail ?? ""} ${server.error?.remedy ?? ""}`.trim(),
        };
      case "error":
        return { state: "error", label: "Server error", title: server.error?.title ?? "" };
      default:
        return {
          state: "checking",
          label: "Checking server…",
          title: "Contacting the GPU server.",
        };
    }
  });
  return (
    <button
      type="button"
      class="server-indicator"
      data-testid="server-indicator"
      data-state={indicator().state}
      title={indicator().title}
      onClick={() => props.onClick?.()}
    >
      <span class="server-dot" aria-hidden="true" />
      {indicator().label}
    </button>
  );
}
