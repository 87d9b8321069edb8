#!/usr/bin/env python3
"""Single orders into the demo shop of a running application, in rounds, printing orders/s per round.

Not the harness (bench/run measures the targets on its own dataset): this drives `bin/run`'s demo
shop, whose sharers earn by templates with tier steps (阶梯佣金), on either database, to see how
intake holds up as a month fills with orders. 32 callers, each on its own keep-alive connection,
send one order at a time (closed loop) to a sharer drawn from the first N of the shop's.

    bench/demo-shop-load.py [--port 8080] [--rounds 4] [--orders 20000] [--sharers 200] [--cycled]

Payments follow arrival (30 s apart from 1 October 2026, up to a minute early), as a live shop's
do; --cycled pays order n on day 1 + n % 28 of November instead, so that half of a sharer's month
arrives after the orders paid later than it.
"""
import argparse
import datetime
import http.client
import json
import random
import threading
import time

KEY = "sk_1_demo-key-change-me"
START = datetime.datetime(2026, 10, 1, tzinfo=datetime.timezone.utc)


def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--port", type=int, default=8080)
    options.add_argument("--rounds", type=int, default=4)
    options.add_argument("--orders", type=int, default=20000, help="orders per round")
    options.add_argument("--sharers", type=int, default=200, help="sell through the first N sharers of the shop")
    options.add_argument("--cycled", action="store_true")
    options.add_argument("--prefix", default="LOAD", help="order ids are PREFIX-n")
    args = options.parse_args()
    headers = {"X-Api-Key": KEY, "Content-Type": "application/json"}

    setup = http.client.HTTPConnection("localhost", args.port)
    setup.request("GET", "/api/v1/sharers?limit=%d" % args.sharers, headers=headers)
    sharers = [s["id"] for s in json.loads(setup.getresponse().read())]
    setup.request("PUT", "/api/v1/products/load-001", headers=headers,
                  body=json.dumps({"name": "Load", "commissionMode": "LEVEL_RATE"}))
    setup.getresponse().read()
    print("selling through %d sharers" % len(sharers), flush=True)

    drawn = [0]
    failures = [0]
    lock = threading.Lock()

    def paid_at(n):
        if args.cycled:
            return "2026-11-%02dT10:00:00Z" % (1 + n % 28)
        return (START + datetime.timedelta(seconds=n * 30 - random.randrange(60))).strftime("%Y-%m-%dT%H:%M:%SZ")

    def caller(last):
        connection = http.client.HTTPConnection("localhost", args.port)
        while True:
            with lock:
                drawn[0] += 1
                n = drawn[0]
            if n > last:
                return
            order = {"orderId": "%s-%d" % (args.prefix, n), "customerId": "c%d" % random.randrange(5000),
                     "sharerId": random.choice(sharers), "paidAt": paid_at(n),
                     "lines": [{"lineId": "1", "productId": "load-001", "quantity": 1, "amountFen": 1000 + n % 9000}]}
            connection.request("POST", "/api/v1/orders", body=json.dumps(order), headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 201:
                with lock:
                    failures[0] += 1
                    if failures[0] <= 5:
                        print(response.status, body[:300], flush=True)

    for round_number in range(1, args.rounds + 1):
        last = round_number * args.orders
        began = time.time()
        callers = [threading.Thread(target=caller, args=(last,)) for _ in range(32)]
        for thread in callers:
            thread.start()
        for thread in callers:
            thread.join()
        drawn[0] = last
        print("round %d: %d orders, %.0f orders/s, failures %d"
              % (round_number, last, args.orders / (time.time() - began), failures[0]), flush=True)


if __name__ == "__main__":
    main()
