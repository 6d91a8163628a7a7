import { randomUUID } from 'node:crypto';
import type { TestApp } from '../test/harness.js';
import { jpegWithGps, uploadEvidence } from '../test/images.js';

/** Test helpers for complaints: upload photos, file a case, run the workbench's operations. */
export const COMPLAINT_FIELDS = `id caseNo status channel channels version slaDueAt firstResponseDueAt resolutionDueAt disputes
  buyer { id } assignee { id } order { id }
  missingItems { quantityMissing line { id title } }
  evidence { id kind sha256 url thumbnailUrl }
  evidenceChecklist { complete missing }
  notes { body internal author { id } }
  timeline { kind toStatus detail actor { id } }
  allowedActions
  resolution { kind refundCents reason reshipment { id waybillNo status } }`;

export const FILE = `mutation($input: FileComplaintInput!) { fileComplaint(input: $input) { joinedExisting complaint { ${COMPLAINT_FIELDS} } } }`;
export const GET = `query($id: ID!) { complaint(id: $id) { ${COMPLAINT_FIELDS} } }`;

let colourSerial = 0;
/** Uploads distinct photos (distinct bytes, so no accidental duplicates) and returns their ids. */
export async function upload(app: TestApp, token: string, kinds: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const kind of kinds) {
    colourSerial += 1;
    const colour = `#${(colourSerial * 2654435761 % 0xffffff).toString(16).padStart(6, '0')}`;
    const { status, body } = await uploadEvidence(app.url, token, [{ data: await jpegWithGps(96, 64, colour) }], { kind });
    if (status !== 201) throw new Error(`upload failed: ${status} ${JSON.stringify(body)}`);
    ids.push(body.evidence[0].id);
  }
  return ids;
}

export function filingInput(orderId: string, lineId: string, evidenceIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    orderId,
    missingItems: [{ orderLineId: lineId, quantityMissing: 1 }],
    description: '两盒只收到一盒，外箱完好',
    evidenceIds,
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}
