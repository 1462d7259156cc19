import { describe, expect, it } from 'vitest';
import {
  checkDownloadToken,
  downloadLink,
  downloadToken,
} from '../../functions/core/access-package/download-link';

const SECRET = 'test-secret-0123456789';
const NOW = new Date('2026-11-25T10:00:00.000Z');

describe('download links', () => {
  it('expire after seven days by default, on a whole second', () => {
    const link = downloadLink('https://desk.example.com/', 'PD-20261125-ABCDEF', NOW, SECRET);
    expect(link.expiresAt).toBe('2026-12-02T10:00:00.000Z');
    expect(link.url).toBe(`https://desk.example.com/download/PD-20261125-ABCDEF?t=${link.token}`);
    expect(checkDownloadToken('PD-20261125-ABCDEF', link.token, SECRET, NOW)).toEqual({
      ok: true,
      expiresAt: link.expiresAt,
    });
  });

  it('honours a configured number of days', () => {
    expect(downloadLink('https://x.example', 'PD-1', NOW, SECRET, 2).expiresAt).toBe(
      '2026-11-27T10:00:00.000Z',
    );
  });

  it('stop working at the expiry instant', () => {
    const token = downloadToken('PD-1', new Date('2026-11-25T10:00:01.000Z'), SECRET);
    expect(checkDownloadToken('PD-1', token, SECRET, new Date('2026-11-25T10:00:00.999Z')).ok).toBe(true);
    expect(checkDownloadToken('PD-1', token, SECRET, new Date('2026-11-25T10:00:01.000Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuse another request id, a moved expiry, another secret and a changed signature', () => {
    const token = downloadToken('PD-1', new Date('2026-12-01T00:00:00Z'), SECRET);
    const [expiry, signature = ''] = token.split('.');
    expect(checkDownloadToken('PD-2', token, SECRET, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(checkDownloadToken('PD-1', `${Number(expiry) + 1}.${signature}`, SECRET, NOW).ok).toBe(false);
    expect(checkDownloadToken('PD-1', token, 'another-secret', NOW).ok).toBe(false);
    const flipped = `${expiry}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    expect(checkDownloadToken('PD-1', flipped, SECRET, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuse malformed tokens without throwing', () => {
    for (const token of [
      undefined,
      '',
      'abc',
      '123.',
      '.abc',
      '1.2.3',
      `${'9'.repeat(13)}.${'A'.repeat(43)}`,
    ]) {
      expect(checkDownloadToken('PD-1', token, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
