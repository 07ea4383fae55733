import { Link } from 'react-router';
import { hasSwaRole, isVendorAdmin, useMe } from '../../auth/session';
import { PageHeader, Section } from '../../components/page';
import { EasyNav } from './EasyNav';

export function HomePage() {
  const me = useMe();
  const shortcuts = [
    { to: '/customers', title: 'Customers', text: 'Search your customers and open their locations.' },
    ...(me.partner
      ? [
          { to: '/customers/new', title: 'New customer', text: 'Register a customer, then add its first location.' },
          { to: '/license-bin', title: 'License bin', text: 'Your purchase orders: attach licenses to a location.' },
        ]
      : []),
    ...(hasSwaRole(me)
      ? [{ to: '/swa', title: 'Software Assurance', text: 'Your SWA units, prospective locations and assignments.' }]
      : []),
    ...(isVendorAdmin(me)
      ? [{ to: '/admin', title: 'Administration', text: 'Partners, users, shipping allowances and shipments.' }]
      : []),
    { to: '/help', title: 'Help', text: 'How the LMS works, and what to enter for each system type.' },
  ];
  return (
    <>
      <PageHeader title={`Welcome, ${me.name}`}>
        <p className="lead">{me.partner ? me.partner.name : 'Vendor staff'}</p>
      </PageHeader>
      <Section title="Easy Nav">
        <EasyNav />
      </Section>
      <nav aria-label="Shortcuts" className="shortcuts">
        <ul>
          {shortcuts.map((s) => (
            <li key={s.to}>
              <Link to={s.to} className="shortcut">
                <span className="shortcut-title">{s.title}</span>
                <span className="shortcut-text">{s.text}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
