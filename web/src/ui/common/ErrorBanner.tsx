import { Show, type JSX } from "solid-js";
import type { ErrorNotice } from "../../errors/report-error";

/** A persistent, full-width error with what happened, what to do, and optional actions. */
export function ErrorBanner(props: {
  notice: ErrorNotice | null;
  testId?: string;
  children?: JSX.Element;
}): JSX.Element {
  return (
    <Show when={props.notice}>
      {notice => (
        <div class="error-banner" role="alert" data-testid={props.testId} data-code={notice().code}>
          <div class="error-banner-text">
            <strong>{notice().title}</strong>
            <span>{notice().detail}</span>
            <span class="error-banner-remedy">{notice().remedy}</span>
          </div>
          <div class="error-banner-actions">{props.children}</div>
        </div>
      )}
    </Show>
  );
}
