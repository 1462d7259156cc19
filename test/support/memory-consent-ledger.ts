import {
  assertChangeAllowed,
  CONSENT_PURPOSES,
  type ConsentChange,
  type ConsentLedger,
  type ConsentPurpose,
  type ConsentRecordResult,
  type ConsentState,
  compareChanges,
  deriveState,
  noConsentState,
  parseConsentChange,
  type RecordedConsentChange,
} from '../../functions/core/consents/consents';

/** The ledger's rules without DynamoDB: for unit tests of the code that uses the ledger. */
export class MemoryConsentLedger implements ConsentLedger {
  readonly changes = new Map<string, RecordedConsentChange[]>();
  private readonly keys = new Map<string, RecordedConsentChange>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async record(subjectKey: string, input: ConsentChange): Promise<ConsentRecordResult> {
    const change = parseConsentChange(input, this.now());
    const before = (await this.current(subjectKey))[change.purpose];
    assertChangeAllowed(before.version === 0 ? undefined : before, change);
    const marker = change.idempotencyKey ? `${subjectKey}|${change.idempotencyKey}` : undefined;
    const original = marker ? this.keys.get(marker) : undefined;
    if (original)
      return { change: original, state: (await this.current(subjectKey))[change.purpose], duplicate: true };
    const recorded: RecordedConsentChange = { ...change, recordedAt: this.now().toISOString() };
    if (marker) this.keys.set(marker, recorded);
    this.changes.set(subjectKey, [...(this.changes.get(subjectKey) ?? []), recorded]);
    return { change: recorded, state: (await this.current(subjectKey))[change.purpose], duplicate: false };
  }

  async current(subjectKey: string): Promise<Record<ConsentPurpose, ConsentState>> {
    const all = this.changes.get(subjectKey) ?? [];
    return Object.fromEntries(
      CONSENT_PURPOSES.map((purpose) => [
        purpose,
        deriveState(all.filter((c) => c.purpose === purpose)) ?? noConsentState(purpose),
      ]),
    ) as Record<ConsentPurpose, ConsentState>;
  }

  async history(subjectKey: string, purpose?: ConsentPurpose): Promise<RecordedConsentChange[]> {
    return (this.changes.get(subjectKey) ?? [])
      .filter((c) => purpose === undefined || c.purpose === purpose)
      .sort(compareChanges);
  }
}
