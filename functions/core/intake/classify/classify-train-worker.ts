/** A training worker thread (see classify-train-workers): works the tasks it is sent, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { type TrainingSetup, type TrainingTask, trainingWorker } from './classify-train';

const work = trainingWorker(workerData as TrainingSetup);
parentPort?.on('message', (task: TrainingTask) => parentPort?.postMessage(work(task)));
