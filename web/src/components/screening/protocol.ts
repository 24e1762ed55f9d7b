/**
 * GET /api/protocol, once per page load: the criteria's titles and confirmation prompts and the
 * stratification factors. The subject pages work without it (IDs instead of titles).
 */
import { get } from '../../api.ts';
import type { ProtocolSummary } from '../../lib/subject-types.ts';

let loading: Promise<ProtocolSummary | null> | null = null;

export function loadProtocol(): Promise<ProtocolSummary | null> {
  loading ??= get<ProtocolSummary>('/api/protocol').catch(() => {
    loading = null;
    return null;
  });
  return loading;
}

/** The catalog's factor, for when the protocol could not be loaded. */
export const DEFAULT_FACTORS: ProtocolSummary['stratification'] = [
  { id: 'planned-mki', label: 'Planned multi-kinase inhibitor', levels: ['cabozantinib', 'lenvatinib'] },
];
