/// <reference lib="dom" />
/**
 * Files staff attach to a manual store's task: read in the browser and sent base64 with the
 * task's output, so they go into the access package with the description.
 */
export interface AttachedFile {
  name: string;
  contentType: string;
  dataBase64: string;
}

function base64Of(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The chosen files, ready for the task's `files`. */
export async function attachedFiles(files: readonly File[]): Promise<AttachedFile[]> {
  return Promise.all(
    files.map(async (file) => ({
      name: file.name,
      contentType: file.type || 'application/octet-stream',
      dataBase64: base64Of(await file.arrayBuffer()),
    })),
  );
}
