import { NavLink, Outlet } from 'react-router';

export function AdminLayout() {
  return (
    <>
      <nav aria-label="Administration" className="subnav">
        <ul>
          <li>
            <NavLink to="/admin/partners">Partners</NavLink>
          </li>
          <li>
            <NavLink to="/admin/users">Users</NavLink>
          </li>
          <li>
            <NavLink to="/admin/shipping-allowances">Shipping allowances</NavLink>
          </li>
          <li>
            <NavLink to="/admin/shipments">Shipments</NavLink>
          </li>
          <li>
            <NavLink to="/admin/external-license-files">External license files</NavLink>
          </li>
          <li>
            <NavLink to="/admin/hardware-replacement">Hardware replacement</NavLink>
          </li>
          <li>
            <NavLink to="/admin/dect-imports">DECT imports</NavLink>
          </li>
          <li>
            <NavLink to="/admin/api-keys">API keys</NavLink>
          </li>
          <li>
            <NavLink to="/admin/webhooks">Webhooks</NavLink>
          </li>
          <li>
            <NavLink to="/admin/webhook-messages">Webhook messages</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
