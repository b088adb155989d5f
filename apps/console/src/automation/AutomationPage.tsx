import { Link, useSearchParams } from 'react-router';
import { useT } from '../i18n/messages';
import { PageHeader } from '../ui/PageHeader';
import { automationMessages } from './messages';
import { RulesPanel } from './RulesPanel';
import { ScenesPanel } from './scenes/ScenesPanel';
import './automation.css';

type Section = 'rules' | 'scenes';

/** Rules and scenes, one section at a time; the section is in the URL (`?tab=scenes`) so it survives a reload. */
export function AutomationPage() {
  const t = useT(automationMessages);
  const [params] = useSearchParams();
  const section: Section = params.get('tab') === 'scenes' ? 'scenes' : 'rules';
  return (
    <section className="stack">
      <PageHeader
        title={t('title')}
        actions={
          section === 'rules' && (
            <Link className="button button-primary" to="/automation/rules/new">
              {t('newRule')}
            </Link>
          )
        }
      />
      <nav className="automation-tabs" aria-label={t('tabs')}>
        <Link to="/automation" aria-current={section === 'rules' ? 'page' : undefined}>
          {t('rulesTab')}
        </Link>
        <Link to="/automation?tab=scenes" aria-current={section === 'scenes' ? 'page' : undefined}>
          {t('scenesTab')}
        </Link>
      </nav>
      {section === 'rules' ? <RulesPanel /> : <ScenesPanel />}
    </section>
  );
}
