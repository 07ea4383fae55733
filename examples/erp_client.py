#!/usr/bin/env python3
"""An ERP integration against the LMS API, with nothing but Python's standard library.

What a partner's ERP script and the vendor's integration do every day, end to end:
  1. the vendor's integration (an API key of a vendor admin) ships a purchase order into the
     dealer's license bin;
  2. the dealer's ERP (an API key of a dealer user) creates a customer and a location, attaches
     the PO line from the bin and activates it — every POST with an Idempotency-Key, and the
     activation retried once, as after a timeout, to show it happens only once;
  3. it downloads the signed license file and writes it to --out.

API keys are created once from a password login (an API key cannot create keys). Exits 0 on
success; any unexpected answer stops it with the error body.

Usage: erp_client.py --url http://127.0.0.1:8080 [--out DIR]
       [--admin EMAIL:PASSWORD] [--dealer EMAIL:PASSWORD]
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
import uuid


class Api:
    """A JSON client for /api/v1 with a bearer token."""

    def __init__(self, url, token=None):
        self.url = url.rstrip("/") + "/api/v1"
        self.token = token

    def call(self, method, path, body=None, idempotency_key=None, expect=(200, 201, 202, 204)):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw, answer_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as e:
            status, raw, answer_headers = e.code, e.read(), e.headers
        if status not in expect:
            sys.exit(f"{method} {path} answered {status}: {raw.decode(errors='replace')}")
        is_json = answer_headers.get("Content-Type", "").startswith("application/json")
        return (json.loads(raw) if is_json and raw else raw), answer_headers


def api_key(url, credentials, name):
    """Logs in with a password once and makes an API key for the script."""
    email, password = credentials.split(":", 1)
    session, _ = Api(url).call("POST", "/auth/login", {"email": email, "password": password})
    key, _ = Api(url, session["access_token"]).call("POST", "/api-keys", {"name": name})
    return key["key_secret"], session["user"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--out", default=".")
    parser.add_argument("--admin", default="admin@lms.demo:admin-demo-password")
    parser.add_argument("--dealer", default="dealer@lms.demo:dealer-demo-password")
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]

    # The vendor's integration ships a PO into the dealer's bin.
    admin_key, _ = api_key(args.url, args.admin, f"BusinessNet integration {run}")
    dealer_key, dealer = api_key(args.url, args.dealer, f"ERP nightly sync {run}")
    vendor = Api(args.url, admin_key)
    po, _ = vendor.call(
        "POST",
        "/admin/shipments",
        {"partner_id": dealer["partner"]["id"], "po_number": f"ERP-{run}", "so_number": f"SO-{run}",
         "lines": [{"part_number": "SV9100-IPPORT-8", "quantity": 4}]},
        idempotency_key=f"ship-{run}",
    )
    line = po["lines"][0]
    print(f"shipped PO {po['po_number']}: {line['shipped']} x {line['part_number']}")

    # The dealer's ERP: customer, location, attach, activate.
    erp = Api(args.url, dealer_key)
    customer, _ = erp.call("POST", "/customers", {"name": f"ERP customer {run}", "country": "DE"},
                           idempotency_key=f"customer-{run}")
    hwkc = f"34{uuid.uuid4().int % 10**10:010d}"  # an SV9100 CP10 key code: 12 hex digits, 34…
    location, _ = erp.call(
        "POST", f"/customers/{customer['id']}/locations",
        {"name": "Head office", "system_type": "SV9100_CP10", "hwkc": hwkc},
        idempotency_key=f"location-{run}",
    )
    attached, _ = erp.call(
        "POST", f"/locations/{location['id']}/attachments",
        {"lines": [{"po_line_id": line["id"], "quantity": 2}]},
        idempotency_key=f"attach-{run}",
    )
    activation = {"attachment_ids": [a["id"] for a in attached], "accept_license_agreement": True}
    first, _ = erp.call("POST", f"/locations/{location['id']}/activations", activation,
                        idempotency_key=f"activate-{run}")
    # A retry after a lost answer: the same key replays the first answer, nothing happens twice.
    again, headers = erp.call("POST", f"/locations/{location['id']}/activations", activation,
                              idempotency_key=f"activate-{run}")
    if again != first or headers.get("idempotent-replayed") != "true":
        sys.exit(f"the retried activation was not replayed: {again}")
    print(f"activated on {hwkc}: activation code {first['activation_code']}")

    file, headers = erp.call("GET", f"/locations/{location['id']}/license-file")
    disposition = headers.get("Content-Disposition", "")
    name = disposition.split("filename=")[-1].strip('"') or f"{hwkc}.lic"
    path = os.path.join(args.out, os.path.basename(name))
    with open(path, "wb") as f:
        f.write(file if isinstance(file, bytes) else json.dumps(file).encode())
    bin_after, _ = erp.call("GET", "/license-bin")
    left = next(l["available"] for p in bin_after["items"] for l in p["lines"] if l["id"] == line["id"])
    if left != 2:
        sys.exit(f"expected 2 left in the bin after attaching 2 of 4, found {left}")
    print(f"license file written to {path}; 2 of 4 left in the bin")


if __name__ == "__main__":
    main()
