import { Link } from 'react-router';
import type { InputKind, SystemTypeInfo } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { sentence } from '../../lib/format';
import { useSystemTypeName, useSystemTypes } from '../locations/systemTypes';

const WHAT_YOU_ENTER: Record<InputKind, string> = {
  hwkc: 'The hardware key code',
  mac_address: 'The MAC address; the HWKC is derived from it',
  ip_address: 'Nothing at first (temporary key); later the server’s IP address',
  full_computer_name: 'The full computer name; the HWKC is generated',
  domain_name: 'The domain name; a unique HWKC is generated',
  none: 'Nothing; a temporary key is generated',
};

function enterText(t: SystemTypeInfo): string {
  const main = WHAT_YOU_ENTER[t.input];
  if (!t.alternative_input) return main;
  return `${main}, or without a dongle: ${WHAT_YOU_ENTER[t.alternative_input].toLowerCase()}`;
}

function CatalogTable() {
  const types = useSystemTypes();
  const typeName = useSystemTypeName();
  if (types.isPending) return <Loading what="the system types" />;
  if (types.isError) return <ErrorNotice error={types.error} />;
  return (
    <DataTable
      className="help-table"
      showCaption
      caption="What to enter per system type (from the server’s catalog, so it is always current)"
      head={
        <>
          <th scope="col">System type</th>
          <th scope="col">You enter</th>
          <th scope="col">HWKC format</th>
          <th scope="col">Example</th>
          <th scope="col">Child locations</th>
        </>
      }
    >
      {types.data.map((t) => (
        <tr key={t.code}>
          <th scope="row">{t.name}</th>
          <td>{enterText(t)}</td>
          <td>{sentence(t.hwkc.description)}</td>
          <td>
            <code className="hwkc">{t.hwkc.example}</code>
          </td>
          <td>
            {t.child_types.length === 0 ? (
              <span className="muted">—</span>
            ) : (
              t.child_types.map(typeName).join(', ') + (t.auto_lmc_child ? ' (LMC created automatically)' : '')
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function HelpPage() {
  return (
    <>
      <PageHeader title="Help">
        <p className="lead">How licensing through the LMS works, and what this portal asks of you.</p>
      </PageHeader>
      <nav aria-label="On this page" className="toc card">
        <ul>
          <li>
            <a href="#way-of-working">The way of working</a>
          </li>
          <li>
            <a href="#licenses">Working with licenses</a>
          </li>
          <li>
            <a href="#hwkc">Hardware key codes</a>
          </li>
          <li>
            <a href="#special">Locations that work differently</a>
          </li>
          <li>
            <a href="#finding">Finding a location</a>
          </li>
          <li>
            <a href="#account">Your account and API keys</a>
          </li>
        </ul>
      </nav>

      <Section title="The way of working" id="way-of-working">
        <ol className="steps">
          <li>
            <strong>Customer.</strong> Register the end customer once: business name and country are required; add the
            address, a contact and your own customer number as reference note.{' '}
            <Link to="/customers/new">New customer</Link>
          </li>
          <li>
            <strong>Location.</strong> Under the customer, add one location per system: a name, the system type and its
            hardware key code (HWKC). A customer can have any number of locations.
          </li>
          <li>
            <strong>Attach.</strong> Licenses arrive in your <Link to="/license-bin">license bin</Link> per purchase
            order. You pick quantities of part numbers and attach them to a location; they are then reserved for it.
          </li>
          <li>
            <strong>Detach if needed.</strong> Until they are activated, attached licenses can go back to the bin (all
            or part) and be attached elsewhere.
          </li>
          <li>
            <strong>Activate.</strong> Accept the license agreement and activate. This is final: activated licenses stay
            on that location for good.
          </li>
          <li>
            <strong>License file.</strong> The LMS produces the file for the location; download it and load it into the
            system. It can be produced again at any time.
          </li>
        </ol>
        <p>
          Licenses add up on a location: quantities are summed (5 × 20 seats + 20 seats = 120 seats) and for version
          licenses the highest version counts. The license file always holds everything ever activated there, so an
          expansion is simply attaching and activating more.
        </p>
      </Section>

      <Section title="Working with licenses" id="licenses">
        <dl className="help-list">
          <dt>Attach</dt>
          <dd>
            Open the <Link to="/license-bin">license bin</Link>. Each purchase order (PO) shows its SO number, shipping
            date, the SWA duration on the order and any extra information, and per part number how many were shipped,
            are still available, attached and activated. Enter a <strong>Sel</strong> quantity for every part you want
            (0 or empty = not this part; at most what is available), choose <em>Attach to location…</em>, type part of
            the location’s name or HWKC, pick it and attach. You can combine lines of several POs. If a part does not
            fit the location (for example an SV9100 license on an IP DECT location), nothing is attached and the reason
            is shown at that line. For external products (RCC, UM4730, Expense Management, MobiCall, MobiBox) a PO
            cannot be split: use <em>Select all that is left</em> and attach the whole PO.
          </dd>
          <dt>Detach</dt>
          <dd>
            On the location page, under <em>Attached licenses</em>, use <em>Detach all</em>, or <em>Detach some…</em>{' '}
            and enter how many. Detached licenses go back to the same PO line in the license bin and can be attached
            elsewhere.
          </dd>
          <dt>Activate — permanent</dt>
          <dd>
            Select the attached rows and choose <em>Activate…</em>. The portal first shows a preview: every feature of
            the license file now and after the activation. When a product rule would be broken (for example an IP DECT
            file without an EU917062 access point license) the preview says which rule, with the guide’s error code and
            what to do, and activation is not possible. Otherwise tick <em>I accept the license agreement</em> and
            activate. Activated licenses can never be detached or moved; you get the activation code and can download
            the file at once.
          </dd>
          <dt>Stacking</dt>
          <dd>
            Everything activated on a location adds up: quantity licenses are summed (5 × 20 seats + 20 seats = 120
            seats), for version licenses the highest version counts (R6 + R8 = R8), options are on. The location page
            shows the stacked result and which part numbers contributed. To expand a system, attach and activate more.
          </dd>
          <dt>Download and regenerate</dt>
          <dd>
            <em>Download license file</em> saves the newest file of the location under its own name (usually{' '}
            <code>&lt;HWKC&gt;.lic</code>; a zip for BX/OVOC and SR-MGC). <em>Regenerate</em> produces the file again
            from everything activated so far, with a new activation code — use it when a file got lost or damaged. For
            external products the file is produced outside the LMS: until it arrives the portal says it is not available
            yet, and your users are notified when it is.
          </dd>
          <dt>Demo licenses</dt>
          <dd>
            For system types that offer them (SV8100, iS3000, SV9100, SL2100, SV9500 — the location page shows the
            section when the type does) each location can get two demo licenses: files that open every feature for 30
            days. Each download uses one; the page shows how many are left, and the button is disabled when none are.
          </dd>
          <dt>Checking a license file</dt>
          <dd>
            License files are signed (Ed25519). To check one offline, save the public keys, which need no login, and run
            the verifier that comes with the LMS:
            <pre className="code-block">
              {`curl -o keys.json https://<your LMS>/api/v1/license-signing-keys
lms verify 340209224568.lic --keys keys.json`}
            </pre>
            It prints <code>valid</code> with the key that signed it and the file’s contents (HWKC, system type,
            features), or <code>NOT VALID</code> and exits with an error when the file was changed or not signed by the
            LMS. A zip (BX/OVOC, SR-MGC) holds <code>.lic</code> files: unpack it and check each.
          </dd>
        </dl>
      </Section>

      <Section title="Hardware key codes" id="hwkc">
        <p>
          The HWKC identifies the hardware a license file is bound to: a CPU board, a dongle or a server. Each HWKC can
          belong to only one location. While you type it, the portal checks it against the system type you chose; a code
          that fits another type (for example a CP20 code on a CP10 location) is reported as “looks like …”, with a
          button to switch the type.
        </p>
        <ul>
          <li>Spaces around the code are ignored; hexadecimal codes are stored in capitals.</li>
          <li>
            For an SV9500 you may paste the scanned QR code (<code>A_3565-A9C3-…</code>); the LMS removes the{' '}
            <code>A_</code> and the dashes.
          </li>
          <li>The HWKC cannot be edited afterwards; replacing defective hardware is done by the vendor.</li>
        </ul>
        <CatalogTable />
      </Section>

      <Section title="Locations that work differently" id="special">
        <dl className="help-list">
          <dt>Child locations</dt>
          <dd>
            Some systems have companions licensed separately, created from the parent location’s page with “Add child
            location”: SR-MGC under an SV8500, a License Manager Client (LMC), the redundant secondary of a BX9000 /
            OVOC pair, a MobiCall Supervisor under its Master. For SV8300, SV8500, SV9300 and SV9500 locations the LMC
            child (HWKC <code>LM</code> + the parent’s HWKC) is created automatically.
          </dd>
          <dt>SV9500 standard server (virtual)</dt>
          <dd>
            Create it without a HWKC: it starts on a temporary key (<code>35-…-TEMP-KEY</code>). Once the virtualization
            option license is attached, open the location and enter the server’s IP address; the LMS then creates the
            real HWKC.
          </dd>
          <dt>SV9500 Small Enterprise</dt>
          <dd>Enter the MAC address; the HWKC is derived from it, the same MAC always giving the same code.</dd>
          <dt>iS3000 without dongle</dt>
          <dd>
            Choose “Full computer name” and enter the server’s full name. The LMS generates the HWKC once; if the name
            was mistyped you can correct it on the location page without any hardware replacement.
          </dd>
          <dt>3C and 3C CAT2</dt>
          <dd>Enter the domain name. Domain names are not unique, so the LMS generates a unique HWKC.</dd>
          <dt>BX / OVOC</dt>
          <dd>
            BX500, BX800 and BX1000 hardware: the 7–8 digit serial number plus the product key (delivery serial, DT…).
            BX9000 and OVOC software: the machine id, product key left empty.
          </dd>
          <dt>DECT: an existing system from before release 6</dt>
          <dd>
            Create the IP DECT or DECT-NS location with the system’s PARI as hardware key code. Then, as the very first
            step, open the location and use <em>DECT license file upload</em>: choose the license file made in the DECT
            Manager, check the licenses found in it and request their import. A vendor administrator checks the request
            (under <em>Admin → DECT imports</em>): once approved, the licenses are activated on the PARI and a new
            license file is produced; a rejected request shows the vendor’s reason on the location page, and you may
            upload a corrected file. One import per location can be approved, and only while nothing is activated on the
            location. A refused file shows the guide’s error code (for example <code>INVALID_HARDWARE_KEYCODE</code>{' '}
            when the file’s PARI is not the location’s) and what to do. Afterwards ask the license desk to deactivate
            the PARI in the old license generator.
          </dd>
          <dt>External products</dt>
          <dd>
            RCC, UM4730, Expense Management, MobiCall and MobiBox are licensed as usual, but their license file is
            produced outside the LMS (RCC’s excepted) and becomes available later: until then the location page says it
            is not available yet. The vendor’s administrators upload it under <em>Admin → External license files</em>{' '}
            (find the location by typing, choose the file); from then on <em>Download license file</em> gives it, and
            your users are notified.
          </dd>
        </dl>
      </Section>

      <Section title="Finding a location" id="finding">
        <p>
          Use Easy Nav on the <Link to="/">home page</Link>: type any part of a location’s name or HWKC and pick it from
          the list (arrow keys and Enter work too). It searches the locations of all your customers.{' '}
          <Link to="/tools">Tools</Link> → <em>Location look-up</em> does the same as a list of links: type at least
          three characters.
        </p>
      </Section>

      <Section title="Reselling to your dealers" id="reselling">
        <p>
          A distributor reships licenses from its <Link to="/license-bin">license bin</Link>: enter the Sel quantities,
          choose <em>Reship to dealer…</em>, and give the e-mail of one of the dealer’s users, your SO number and the
          dealer’s PO number. The vendor must have allowed you to ship to that dealer. The licenses leave your bin and
          arrive in the dealer’s bin as a new PO. <Link to="/tools">Tools</Link> lists what you resold, by dealer and
          date; SWA distributor admins reship SWA units there too (earliest expiry first; the units keep their expiry
          date).
        </p>
      </Section>

      <Section title="Your account and API keys" id="account">
        <p>
          Under <Link to="/account">Account</Link> (top right) you change your password: give the current one and the
          new one (10 to 128 characters). That ends every session of yours, on every device; the portal logs you in
          again here at once. Your name and roles are changed by a vendor administrator.
        </p>
        <p>
          Under <Link to="/account/api-keys">API keys</Link> you create keys for programs such as an ERP system: a key
          acts as you, with your partner and roles, until it expires or you revoke it. The key is shown once, when it is
          created: copy it then. Changing your password does not revoke keys; revoke a key you no longer need.
        </p>
      </Section>
    </>
  );
}
