#!/usr/bin/env python3
"""The same API through a typed client generated from openapi/openapi.json (README, "For ERP
integrators"): log in, list the dealer's customers page by page, refuse a bad body with the
server's error shape. `lms_client` is the generated package, on PYTHONPATH.

Usage: generated_client.py URL
"""

import sys

from lms_client import AuthenticatedClient, Client
from lms_client.api.auth import login
from lms_client.api.customers import create_customer, list_customers
from lms_client.models import CustomerBody, LoginRequest, LoginResponse
from lms_client.types import UNSET


def main():
    url = sys.argv[1]
    session = login.sync(
        client=Client(base_url=url),
        body=LoginRequest(email="dealer@lms.demo", password="dealer-demo-password"),
    )
    if not isinstance(session, LoginResponse):
        sys.exit(f"login failed: {session}")
    api = AuthenticatedClient(base_url=url, token=session.access_token)
    customers, cursor = [], None
    while True:
        page = list_customers.sync(client=api, limit=2, cursor=cursor or UNSET)
        customers.extend(page.items)
        cursor = page.next_cursor
        if not cursor:
            break
    refused = create_customer.sync(client=api, body=CustomerBody(name="Typed client", country="Netherlands"))
    # Each error response has its own model (its `code` narrowed to the operation's codes,
    # an enum), all with the `error` of ErrorBody.
    error = getattr(refused, "error", None)
    code = getattr(getattr(error, "code", None), "value", None)
    if error is None or error.field != "/country" or code != "INVALID_FIELD":
        sys.exit(f"expected a 422 INVALID_FIELD pointing at /country, got {refused}")
    print(f"generated client: {len(customers)} customers of {session.user.email}; a bad country is refused with {code} at {error.field}")


if __name__ == "__main__":
    main()
