// Who may reship: distributors (the partner's tier), and for SWA units only their SWA
// distributor admins.
import type { Me } from '../../api/client';

/** Whether the user works for a distributor (which reships to its dealers and sees what it resold). */
export function isDistributor(me: Me): boolean {
  return me.partner?.tier === 'distributor';
}

/** Whether the user may reship SWA units and see the SWA units resold. */
export function isSwaDistributorAdmin(me: Me): boolean {
  return isDistributor(me) && me.roles.includes('swa_distributor_admin');
}
