import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { hasSwaRole, isVendorAdmin, useMe, useSession } from '../auth/session';

function Brand() {
  return (
    <span className="brand">
      <span className="brand-mark" aria-hidden="true">
        LMS
      </span>
      <span className="brand-text">Partner portal</span>
    </span>
  );
}

/** The frame of every signed-in page: navigation, who is signed in, logout. */
export function Layout() {
  const me = useMe();
  const { logout } = useSession();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();

  // On every page change: back to the top, and focus into the new page (unless the page put
  // it somewhere itself), so keyboard and screen-reader users start at its content.
  useEffect(() => {
    window.scrollTo(0, 0);
    if (main.current && !main.current.contains(document.activeElement)) main.current.focus({ preventScroll: true });
  }, [pathname]);
  const links = [
    { to: '/', label: 'Home', end: true },
    { to: '/customers', label: 'Customers' },
    ...(me.partner ? [{ to: '/license-bin', label: 'License bin' }] : []),
    ...(hasSwaRole(me) ? [{ to: '/swa', label: 'Software Assurance' }] : []),
    ...(me.partner ? [{ to: '/tools', label: 'Tools' }] : []),
    ...(isVendorAdmin(me) ? [{ to: '/admin', label: 'Admin' }] : []),
    { to: '/help', label: 'Help' },
  ];
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand-link" aria-label="LMS partner portal, home">
          <Brand />
        </NavLink>
        <nav aria-label="Main" className="mainnav">
          <ul>
            {links.map((l) => (
              <li key={l.to}>
                <NavLink to={l.to} end={l.end}>
                  {l.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="whoami">
          <span className="whoami-text" data-testid="whoami">
            <span className="whoami-name">{me.name}</span>
            <span className="whoami-partner">{me.partner ? me.partner.name : 'Vendor staff'}</span>
          </span>
          <nav aria-label="Your account" className="accountnav">
            <ul>
              <li>
                <NavLink to="/account" end>
                  Account
                </NavLink>
              </li>
              <li>
                <NavLink to="/account/api-keys">API keys</NavLink>
              </li>
            </ul>
          </nav>
          <button type="button" className="button button-quiet" onClick={logout}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
