/// <reference lib="dom" />
/**
 * A staff task of the workflow done by hand: a manual store's lookup (with files found), its part
 * of an erasure, a recipient to tell (Art. 19), or the systems restricted and items corrected.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { TaskView } from '../../../functions/core/staff/staff-views';
import { useText } from '../../ui';
import { attachedFiles } from './attachments';
import { CorrectionsEditor, type CorrectionValues, correctionsEntered } from './corrections';

type Complete = (output: object) => void;

const lines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

const filesOf = (event: Event): File[] =>
  event.currentTarget instanceof HTMLInputElement ? [...(event.currentTarget.files ?? [])] : [];

/** Restriction and rectification: the systems or items, one per line (and the corrections typed). */
function ListTask({
  requestId,
  fid,
  listField,
  complete,
}: {
  requestId: string;
  fid: string;
  listField: 'correctedItems' | 'systems';
  complete: Complete;
}): VNode {
  const [text, onText] = useText();
  const [corrections, setCorrections] = useState<CorrectionValues>({});
  const correcting = listField === 'correctedItems';
  return html`<div>
    <label for=${fid}>${correcting ? 'Items corrected (one per line)' : 'Systems restricted (one per line)'}</label>
    <textarea id=${fid} value=${text} onInput=${onText}></textarea>
    ${
      correcting
        ? html`<${CorrectionsEditor} requestId=${requestId} values=${corrections} onChange=${setCorrections} />`
        : null
    }
    <div class="row">
      <button
        class="primary"
        onClick=${() =>
          complete({ [listField]: lines(text), ...(correcting ? correctionsEntered(corrections) : {}) })}
      >
        Mark done
      </button>
    </div>
  </div>`;
}

/** A lookup, an erasure by hand, or a recipient told: a note, and for a lookup the files found. */
function NoteTask({ fid, taskId, complete }: { fid: string; taskId: string; complete: Complete }): VNode {
  const [note, onNote] = useText();
  const [files, setFiles] = useState<File[]>([]);
  // A manual store's part of an erasure: staff confirm they erased it by hand.
  const erasing = taskId.startsWith('manual:erase:');
  // Art. 19: a recipient to tell; there is nothing to find.
  const telling = taskId.startsWith('manual:notify:');
  const done = async () => {
    const attached = await attachedFiles(files);
    complete({ outcome: 'done', note, ...(attached.length ? { files: attached } : {}) });
  };
  return html`<div>
    <label for=${fid}>
      ${erasing ? 'Note (optional)' : telling ? 'How they were told (optional note)' : 'What was found (a description, or attach the files)'}
    </label>
    <textarea id=${fid} value=${note} onInput=${onNote}></textarea>
    ${
      erasing || telling
        ? null
        : [
            html`<label for=${`${fid}-files`}>Attach files found</label>`,
            html`<input id=${`${fid}-files`} type="file" multiple onChange=${(e: Event) => setFiles(filesOf(e))} />`,
          ]
    }
    <div class="row">
      <button class="primary" onClick=${() => void done()}>${erasing ? 'Erased' : telling ? 'Told' : 'Done'}</button>
      ${
        telling
          ? null
          : html`<button onClick=${() => complete({ outcome: 'nothing_found', note })}>Nothing found</button>`
      }
    </div>
  </div>`;
}

export function ManualTaskPanel({
  requestId,
  task,
  complete,
}: {
  requestId: string;
  task: TaskView;
  complete: Complete;
}): VNode {
  const { taskId } = task;
  const listField =
    taskId === 'manual:rectification'
      ? 'correctedItems'
      : taskId === 'manual:restriction'
        ? 'systems'
        : undefined;
  const fid = `task-${taskId.replace(/\W/g, '-')}`;
  return html`<div class="action">
    <h2>${`Task: ${taskId.replace(/^manual:/, '')}`}</h2>
    <p class="small">${task.instructions ?? ''}</p>
    ${
      listField
        ? html`<${ListTask} requestId=${requestId} fid=${fid} listField=${listField} complete=${complete} />`
        : html`<${NoteTask} fid=${fid} taskId=${taskId} complete=${complete} />`
    }
  </div>`;
}
