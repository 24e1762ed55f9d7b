/**
 * GET /api/protocol, once per page load: the criteria's titles and confirmation prompts, the
 * questionnaire's named facts and the stratification factors. The subject pages work without it (IDs
 * instead of titles, only the criteria's confirmations, no factors to choose).
 */
import { get } from '../../api.ts';
import type { ProtocolDocument } from '../../contracts.ts';

let loading: Promise<ProtocolDocument | null> | null = null;

export function loadProtocol(): Promise<ProtocolDocument | null> {
  loading ??= get<ProtocolDocument>('/api/protocol').catch(() => {
    loading = null;
    return null;
  });
  return loading;
}
