/**
 * One structured logger: JSON lines with correlation keys only. Callers pass ids and outcomes,
 * never addresses, names or message text (no personal data in logs).
 */
type Fields = Record<string, string | number | boolean | undefined | null>;

function write(level: 'info' | 'warn' | 'error', message: string, fields: Fields): void {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
}

export const log = {
  info: (message: string, fields: Fields = {}) => write('info', message, fields),
  warn: (message: string, fields: Fields = {}) => write('warn', message, fields),
  error: (message: string, fields: Fields = {}) => write('error', message, fields),
};

/** An error's name and message are safe to log only as a name; messages may quote input. */
export function errorFields(error: unknown): Fields {
  return { errorName: error instanceof Error ? error.name : typeof error };
}
