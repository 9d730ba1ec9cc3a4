import { For, Show, createEffect, createMemo, createSignal, untrack, type JSX } from "solid-js";
import {
  ElementSchema,
  deriveTrigger,
  type Element,
  type ElementType,
} from "@milimo/shared/schema";
import { makeApiClient } from "../../api/client";
import { useStudio } from "../../store/context";
import { ElementImageGenerator } from "./ElementImageGenerator";
import { ELEMENT_ICON } from "./element-badges";
import "./elements.css";

const TYPES: { value: ElementType; label: string }[] = [
  { value: "character", label: "Character" },
  { value: "location", label: "Location" },
  { value: "object", label: "Object" },
];

interface Draft {
  /** null while creating a new element. */
  id: string | null;
  type: ElementType;
  name: string;
  trigger: string;
  description: string;
  referenceMediaIds: string[];
}

const emptyDraft = (): Draft => ({
  id: null,
  type: "character",
  name: "",
  trigger: "",
  description: "",
  referenceMediaIds: [],
});

/** First message per field of an invalid element, in the schema's words. */
function validate(draft: Draft): Record<string, string> {
  const parsed = ElementSchema.safeParse({
    id: draft.id ?? "new",
    projectId: "p",
    type: draft.type,
    name: draft.name,
    trigger: draft.trigger.trim() || deriveTrigger(draft.name.trim()),
    description: draft.description,
    referenceMediaIds: draft.referenceMediaIds,
  });
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors[String(issue.path[0] ?? "name")] ??= issue.message;
  }
  return errors;
}

/** Story elements: characters, locations and objects the script refers to with @triggers. */
export function ElementsPanel(): JSX.Element {
  const { state, actions } = useStudio();
  const [draft, setDraft] = createSignal<Draft | null>(null);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [importing, setImporting] = createSignal(false);
  // One api client for the panel's life, following the server settings (as the player's).
  const api = makeApiClient({ config: { ...untrack(() => state.server.config) } });
  createEffect(() => api.configure({ ...state.server.config }));
  const elements = createMemo(() =>
    state.elements.order.map(id => state.elements.byId[id]).filter((e): e is Element => !!e),
  );
  const imageUrl = (mediaId: string) => {
    const urls = state.project.urls[mediaId];
    return urls?.thumbnail ?? urls?.media ?? "";
  };
  const patch = (fields: Partial<Draft>) => {
    const d = draft();
    if (d) setDraft({ ...d, ...fields });
  };

  const startEdit = (element: Element) => {
    setErrors({});
    setDraft({
      id: element.id,
      type: element.type,
      name: element.name,
      trigger: element.trigger,
      description: element.description,
      referenceMediaIds: [...element.referenceMediaIds],
    });
  };

  const save = (event: Event) => {
    event.preventDefault();
    const d = draft();
    if (!d) return;
    const found = validate(d);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const fields = {
      type: d.type,
      name: d.name.trim(),
      trigger: d.trigger.trim() || deriveTrigger(d.name.trim()),
      description: d.description.trim(),
      referenceMediaIds: d.referenceMediaIds,
    };
    if (d.id === null) {
      actions.element.add(fields);
    } else {
      const result = actions.element.update(d.id, fields);
      if (!result.ok) {
        setErrors(result.errors);
        return;
      }
    }
    setDraft(null);
  };

  const addImages = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setImporting(true);
    try {
      const images = [...files].filter(f => f.type.startsWith("image/"));
      const ids = await actions.project.importMedia(images);
      const d = draft();
      if (d) setDraft({ ...d, referenceMediaIds: [...d.referenceMediaIds, ...ids] });
    } finally {
      setImporting(false);
    }
  };

  return (
    <section class="el-panel" data-testid="elements-panel" aria-label="Story elements">
      <header class="el-panel__header">
        <h2>Story elements</h2>
        <p class="el-panel__hint">
          Define a character, location or object once; write its @Trigger in the script and every
          shot that mentions it gets its description and reference images.
        </p>
        <button
          type="button"
          class="el-primary"
          data-testid="element-new"
          onClick={() => {
            setErrors({});
            setDraft(emptyDraft());
          }}
        >
          New element
        </button>
      </header>

      <Show when={draft()}>
        {d => (
          <form class="el-form" data-testid="element-form" onSubmit={save}>
            <label>
              Type
              <select
                data-testid="element-type"
                value={d().type}
                onChange={e => patch({ type: e.currentTarget.value as ElementType })}
              >
                <For each={TYPES}>{t => <option value={t.value}>{t.label}</option>}</For>
              </select>
            </label>
            <label>
              Name
              <input
                data-testid="element-name"
                value={d().name}
                maxLength={80}
                onInput={e => patch({ name: e.currentTarget.value })}
              />
              <Show when={errors().name}>
                <span class="el-error" data-testid="element-error">
                  {errors().name}
                </span>
              </Show>
            </label>
            <label>
              Trigger
              <input
                data-testid="element-trigger"
                value={d().trigger}
                placeholder={deriveTrigger(d().name.trim()) || "@Name"}
                onInput={e => patch({ trigger: e.currentTarget.value })}
              />
              <Show when={errors().trigger}>
                <span class="el-error" data-testid="element-error">
                  {errors().trigger}
                </span>
              </Show>
            </label>
            <label class="el-form__wide">
              Description
              <textarea
                data-testid="element-description"
                rows={3}
                value={d().description}
                onInput={e => patch({ description: e.currentTarget.value })}
              />
            </label>
            <div class="el-form__wide">
              Reference images
              <div class="el-refs">
                <For each={d().referenceMediaIds}>
                  {id => (
                    <figure class="el-ref" data-testid="element-ref">
                      <img src={imageUrl(id)} alt="Reference" />
                      <button
                        type="button"
                        aria-label="Remove reference image"
                        onClick={() =>
                          patch({ referenceMediaIds: d().referenceMediaIds.filter(r => r !== id) })
                        }
                      >
                        ×
                      </button>
                    </figure>
                  )}
                </For>
                <label class="el-ref-add">
                  {importing() ? "Adding…" : "Add images"}
                  <input
                    type="file"
                    accept="image/*"
                    multiple
                    data-testid="element-ref-input"
                    onChange={e => void addImages(e.currentTarget.files)}
                  />
                </label>
              </div>
            </div>
            <div class="el-form__actions el-form__wide">
              <button type="submit" class="el-primary" data-testid="element-save">
                {d().id === null ? "Create" : "Save"}
              </button>
              <button type="button" data-testid="element-cancel" onClick={() => setDraft(null)}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </Show>

      <Show
        when={elements().length > 0}
        fallback={
          <p class="el-panel__empty" data-testid="elements-empty">
            No elements yet.
          </p>
        }
      >
        <ul class="el-list">
          <For each={elements()}>
            {element => (
              <li class="el-card" data-testid="element-card" data-element-id={element.id}>
                <div class="el-card__head">
                  <span aria-hidden="true">{ELEMENT_ICON[element.type]}</span>
                  <strong data-testid="element-card-name">{element.name}</strong>
                  <code data-testid="element-card-trigger">{element.trigger}</code>
                </div>
                <Show when={element.description}>
                  <p class="el-card__desc">{element.description}</p>
                </Show>
                <Show when={element.referenceMediaIds.length > 0}>
                  <div class="el-refs">
                    <For each={element.referenceMediaIds}>
                      {id => <img class="el-ref-thumb" src={imageUrl(id)} alt="" />}
                    </For>
                  </div>
                </Show>
                <div class="el-card__actions">
                  <ElementImageGenerator element={element} api={api} />
                  <button
                    type="button"
                    data-testid="element-edit"
                    onClick={() => startEdit(element)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    data-testid="element-delete"
                    onClick={() => {
                      if (confirm(`Delete ${element.name}? Shots keep their text.`)) {
                        actions.element.remove(element.id);
                      }
                    }}
                  >
                    Delete
                  </button>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
