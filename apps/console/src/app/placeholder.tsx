import { PageHeader } from '../ui/PageHeader';

/** SCAFFOLDING ONLY — replaced by each feature's real page. */
export function Placeholder({ title }: { title: string }) {
  return <PageHeader title={title} />;
}
