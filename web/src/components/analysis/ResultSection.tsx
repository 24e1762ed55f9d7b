/** One titled section of the analysis results. */
import type { ReactNode } from 'react';

export function ResultSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="analysis-section">
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}
