/**
 * Runs training's tasks (classify-train) side by side, one worker thread per processor: the folds'
 * models, the whole corpus's and the decision stages need nothing from each other, and on the
 * whole corpus a model takes about two minutes, a decision stage about one. Each worker is given
 * the corpus once and reads it once. A task's result does not depend on which worker runs it or
 * when, so the model stays the same byte for byte. Training runs from the TypeScript sources
 * (scripts, bench, tests), so each worker loads them through tsx.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TrainingResult, TrainingSetup, TrainingTask } from './classify-train';

/** Runs one task on a worker; the result is the kind of the task. */
export type RunTask = <K extends TrainingTask['kind']>(
  task: Extract<TrainingTask, { kind: K }>,
) => Promise<Extract<TrainingResult, { kind: K }>>;

interface Queued {
  task: TrainingTask;
  resolve: (result: TrainingResult) => void;
  reject: (error: unknown) => void;
}

/** Starts the workers, lets `work` queue tasks on them, and stops them when it is done or fails. */
export async function withTrainingWorkers<T>(
  setup: TrainingSetup,
  work: (run: RunTask) => Promise<T>,
): Promise<T> {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const queue: Queued[] = [];
  const idle: Worker[] = [];
  let failure: unknown;
  const busy = new Map<Worker, Queued>();
  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const next = queue.shift() as Queued;
      busy.set(worker, next);
      worker.postMessage(next.task);
    }
  };
  const fail = (error: unknown) => {
    failure ??= error;
    for (const q of [...busy.values(), ...queue.splice(0)]) q.reject(error);
    busy.clear();
  };
  const workers = Array.from({ length: availableParallelism() }, () => {
    const worker = new Worker(new URL('./classify-train-worker.ts', import.meta.url), {
      execArgv: ['--import', loader],
      workerData: setup,
    });
    worker.on('message', (result: TrainingResult) => {
      const done = busy.get(worker);
      busy.delete(worker);
      idle.push(worker);
      done?.resolve(result);
      dispatch();
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a training worker stopped with exit code ${code}`));
    });
    idle.push(worker);
    return worker;
  });
  const run = ((task: TrainingTask) =>
    new Promise<TrainingResult>((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      queue.push({ task, resolve, reject });
      dispatch();
    })) as RunTask;
  try {
    return await work(run);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
