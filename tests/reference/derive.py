#!/usr/bin/env python3
"""Independent closed-form arithmetic behind the expectations in scenarios/*.ron.

This does NOT run the simulator: it adds up textbook kinematics (d/v cruising, v/2a and v/2b lost
when starting and stopping, braking and acceleration between two speeds) stop by stop, the way one
would on paper. Run it with `python3 tests/reference/derive.py` and compare with the `expect`
blocks of the scenarios; each scenario's comment names the function used here.
"""
from datetime import datetime, timedelta, timezone
from math import sqrt

KMH = 1000 / 3600
A, B = 0.1, 0.2  # route defaults, m/s^2
# Route km and default dwell (s) of the stations where the train stops.
TUMANGANG, KHASAN, VLADIVOSTOK = 845.0, 850.0, 1180.0
DWELL_TUMANGANG, DWELL_KHASAN = 70 * 60, 60 * 60
BORDER_LIMIT = 15 * KMH  # Restriction 845-850 km


def run(d_m, v, a=A, b=B):
    """Standstill to standstill over d_m at cruise v: trapezoid, or triangle if too short."""
    if d_m >= v * v / (2 * a) + v * v / (2 * b):
        return d_m / v + v / (2 * a) + v / (2 * b)
    vp = sqrt(2 * d_m * a * b / (a + b))
    return vp / a + vp / b


def undisturbed(v, dwell_t=DWELL_TUMANGANG, dwell_k=DWELL_KHASAN):
    """Pyongyang -> Tumangang (stop) -> Khasan (stop, restricted section) -> Vladivostok."""
    legs = {
        "Tumangang arrive": run(TUMANGANG * 1000, v),
    }
    legs["Tumangang depart"] = legs["Tumangang arrive"] + dwell_t
    legs["Khasan arrive"] = legs["Tumangang depart"] + run((KHASAN - TUMANGANG) * 1000, min(v, BORDER_LIMIT))
    legs["Khasan depart"] = legs["Khasan arrive"] + dwell_k
    legs["Vladivostok arrive"] = legs["Khasan depart"] + run((VLADIVOSTOK - KHASAN) * 1000, v)
    return legs


def slow_zone_loss(v, u, length_m, a=A, b=B):
    """Extra time when a cap u < v applies over length_m of open line, not anticipated: brake at b
    from v to u at its start, run at u, accelerate at a back to v after its end."""
    d_brake = (v * v - u * u) / (2 * b)
    d_accel = (v * v - u * u) / (2 * a)
    brake = (v - u) / b - d_brake / v
    middle = (length_m - d_brake) / u - (length_m - d_brake) / v
    accel = (v - u) / a - d_accel / v
    return brake + middle + accel


def stop_loss(v, delay_s, a=A, b=B):
    """An unforeseen stop from cruise v: braking and restarting lose v/2b + v/2a, plus the wait."""
    return v / (2 * b) + v / (2 * a) + delay_s


def fmt(dep, seconds, tz_hours):
    t = dep + timedelta(seconds=seconds)
    return t.astimezone(timezone(timedelta(hours=tz_hours))).strftime("%Y-%m-%dT%H:%M:%S%z")


def hm(seconds):
    s = round(seconds)
    return f"{s // 3600}h {s // 60 % 60}m {s % 60}s"


def show(name, dep, legs, nk=9.0):
    print(f"\n== {name}")
    for key, s in legs.items():
        tz = 10.0 if ("Khasan" in key or "Vladivostok" in key) else nk
        print(f"  {key:24s} {fmt(dep, s, tz)}   (+{hm(s)})")


def main():
    v50 = 50 * KMH
    sunday = datetime(2023, 9, 10, 15, 0, tzinfo=timezone(timedelta(hours=9)))
    show("2023-sunday-afternoon (50 km/h)", sunday, undisturbed(v50))
    for kmh in (35, 45, 60):
        show(f"speed {kmh} km/h", sunday, undisturbed(kmh * KMH))
    show("night 23:30 departure", datetime(2023, 9, 9, 23, 30, tzinfo=timezone(timedelta(hours=9))), undisturbed(v50))
    show("2016 Pyongyang time (UTC+8:30)", datetime(2016, 6, 5, 15, 0, tzinfo=timezone(timedelta(hours=8.5))), undisturbed(v50), nk=8.5)

    # Elevated (40 km/h) from km 100 to km 300, on the non-stop Pyongyang -> Tumangang run.
    loss = slow_zone_loss(v50, 40 * KMH, 200_000)
    legs = {k: (s + loss) for k, s in undisturbed(v50).items()}
    show(f"security-elevated (loss {hm(loss)})", sunday, legs)

    # Incident at km 300, 40 min: stops from cruise and restarts.
    loss = stop_loss(v50, 40 * 60)
    legs = {k: (s + loss) for k, s in undisturbed(v50).items()}
    show(f"incident-scripted (loss {hm(loss)})", sunday, legs)

    # High (25 km/h) from km 800 until km 850, arrival at Tumangang under High: +30 min sweep.
    u = 25 * KMH
    t_800 = v50 / A + (800_000 - v50 * v50 / (2 * A)) / v50
    d_brake = (v50 * v50 - u * u) / (2 * B)
    t_tum = t_800 + (v50 - u) / B + (45_000 - d_brake - u * u / (2 * B)) / u + u / B
    legs = {"Tumangang arrive": t_tum, "Tumangang depart": t_tum + DWELL_TUMANGANG + 30 * 60}
    legs["Khasan arrive"] = legs["Tumangang depart"] + run(5000, BORDER_LIMIT)
    legs["Khasan depart"] = legs["Khasan arrive"] + DWELL_KHASAN
    legs["Vladivostok arrive"] = legs["Khasan depart"] + run(330_000, v50)
    show("security-high-sweep", sunday, legs)

    # Lockdown at departure + 6 h (on the cruise before Hamhung, km 313.6), lasting 2 h.
    t_lock = 6 * 3600
    x_lock = v50 * v50 / (2 * A) + (t_lock - v50 / A) * v50
    stop_at = 313_600
    t_hamhung = t_lock + (v50 - u) / B + (stop_at - x_lock - d_brake - u * u / (2 * B)) / u + u / B
    release = t_lock + 2 * 3600
    legs = {"lockdown position km": x_lock / 1000, "Hamhung arrive": t_hamhung, "Hamhung depart": release}
    legs["Tumangang arrive"] = release + run(845_000 - stop_at, v50)
    legs["Tumangang depart"] = legs["Tumangang arrive"] + DWELL_TUMANGANG
    legs["Khasan arrive"] = legs["Tumangang depart"] + run(5000, BORDER_LIMIT)
    legs["Khasan depart"] = legs["Khasan arrive"] + DWELL_KHASAN
    legs["Vladivostok arrive"] = legs["Khasan depart"] + run(330_000, v50)
    print(f"\n== security-lockdown: train at km {x_lock / 1000:.3f} when the Lockdown starts")
    show("security-lockdown", sunday, {k: v for k, v in legs.items() if k != "lockdown position km"})


PYONGYANG = "Asia/Pyongyang"
VLADIVOSTOK_TZ = "Asia/Vladivostok"
# Departures of the `vary` grid in scenarios/speed-and-departure.ron: either side of the switch to
# Pyongyang Time (UTC+8:30, from 2015-08-15) and back (UTC+9 from 2018-05-05), and across midnight.
GRID_DEPARTURES = [
    "2015-08-14T15:00", "2015-08-15T15:00", "2018-05-04T15:00", "2018-05-05T15:00",
    "2023-09-09T22:00", "2023-09-09T23:30", "2023-09-10T00:30",
]
GRID_SPEEDS = [45, 50, 60]
# The written cases: (name, departure in Pyongyang local time, km/h).
CASES = [
    ("35 km/h", "2023-09-10T15:00", 35),
    ("45 km/h", "2023-09-10T15:00", 45),
    ("60 km/h", "2023-09-10T15:00", 60),
    ("night 23:30", "2023-09-09T23:30", 50),
    ("dep +2h", "2023-09-10T17:00", 50),
    ("2016 Pyongyang Time", "2016-06-05T15:00", 50),
]


def zoned(local_text, seconds, zone):
    """The instant `seconds` after `local_text` (Pyongyang local time), in `zone`, RFC 3339."""
    from zoneinfo import ZoneInfo
    dep = datetime.fromisoformat(local_text).replace(tzinfo=ZoneInfo(PYONGYANG))
    # Add in UTC: Python adds a timedelta to an aware datetime on the wall clock, which is wrong
    # across a change of offset (15 Aug 2015, 5 May 2018).
    t = (dep.astimezone(timezone.utc) + timedelta(seconds=seconds)).astimezone(ZoneInfo(zone))
    text = t.strftime("%Y-%m-%dT%H:%M:%S%z")
    return text[:-2] + ":" + text[-2:]


def offset_label(local_text):
    from zoneinfo import ZoneInfo
    off = datetime.fromisoformat(local_text).replace(tzinfo=ZoneInfo(PYONGYANG)).utcoffset()
    minutes = int(off.total_seconds() // 60)
    h, m = divmod(minutes, 60)
    return f"+{h:02d}" if m == 0 else f"+{h:02d}:{m:02d}"


def speed_and_departure():
    """The expectations of scenarios/speed-and-departure.ron (undisturbed journeys; local times
    from the tz database, which knows Pyongyang's UTC+8:30 of 2015-2018)."""
    print("\n== speed-and-departure: cases")
    for name, dep, kmh in CASES:
        legs = undisturbed(kmh * KMH)
        print(f"  {name}: departure {dep} {offset_label(dep)}")
        print(f'    Arrive(station: "Tumangang", at: "{zoned(dep, legs["Tumangang arrive"], PYONGYANG)}", within: "5s"),')
        print(f'    Arrive(station: "Khasan", at: "{zoned(dep, legs["Khasan arrive"], VLADIVOSTOK_TZ)}", within: "5s"),')
        print(f'    Arrive(station: "Vladivostok", at: "{zoned(dep, legs["Vladivostok arrive"], VLADIVOSTOK_TZ)}", within: "5s"),')
        print(f'    TravelTime(is: "{hm(legs["Vladivostok arrive"])}", within: "5s"),')
    print("\n== speed-and-departure: vary cells")
    for dep in GRID_DEPARTURES:
        for kmh in GRID_SPEEDS:
            legs = undisturbed(kmh * KMH)
            name = f"{kmh} km/h, dep {dep.replace('T', ' ')} {offset_label(dep)}"
            arrive = zoned(dep, legs["Vladivostok arrive"], VLADIVOSTOK_TZ)
            print(f'    "{name}": [ Arrive(station: "Vladivostok", at: "{arrive}", within: "5s") ],')


if __name__ == "__main__":
    main()
    speed_and_departure()


def lessons():
    """Numbers behind scenarios/lessons/*.ron."""
    v50 = 50 * KMH
    sunday = datetime(2023, 9, 10, 15, 0, tzinfo=timezone(timedelta(hours=9)))
    # Lesson 1: no stops at all, 50 km/h; the border section still runs at 15 km/h.
    u = BORDER_LIMIT
    pure = 1_180_000 / v50
    nonstop = run(1_180_000, v50) + (v50 - u) ** 2 / (2 * B * v50) + (v50 - u) ** 2 / (2 * A * v50) + 5000 / u - 5000 / v50
    print(f"\n== lesson 1: pure running {hm(pure)}; non-stop with start, stop and the border limit {hm(nonstop)}")
    show("lesson 1 arrival", sunday, {"Vladivostok arrive": nonstop})
    # Lesson 4: the speed that puts the Sunday 15:00 departure into Khasan at Tuesday 06:00 +10.
    target = (datetime(2023, 9, 12, 6, 0, tzinfo=timezone(timedelta(hours=10))) - sunday).total_seconds()
    lo, hi = 5 * KMH, 60 * KMH
    for _ in range(100):
        mid = (lo + hi) / 2
        t = run(845_000, mid) + DWELL_TUMANGANG + run(5000, min(mid, u))
        lo, hi = (mid, hi) if t > target else (lo, mid)
    v = (lo + hi) / 2
    legs = undisturbed(v)
    print(f"\n== lesson 4: cruise {v / KMH:.3f} km/h reaches Khasan at Tuesday 06:00 +10")
    show("lesson 4", sunday, legs)
    # Lesson 5: Khasan 11:40 -> Vladivostok 18:01 (+10), 330 km on the route's kilometres.
    khasan = datetime(2019, 4, 24, 11, 40, tzinfo=timezone(timedelta(hours=10)))
    target = 6 * 3600 + 21 * 60
    lo, hi = 5 * KMH, 100 * KMH
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if run(330_000, mid) > target else (lo, mid)
    v = (lo + hi) / 2
    print(f"\n== lesson 5: cruise {v / KMH:.3f} km/h covers Khasan -> Vladivostok in 6h 21m")
    print(f"   at 50 km/h instead: {hm(run(330_000, v50))}, arriving {fmt(khasan, run(330_000, v50), 10)}")
    print(f"   at {round(v / KMH, 1)} km/h: {hm(run(330_000, round(v / KMH, 1) * KMH))}, arriving {fmt(khasan, run(330_000, round(v / KMH, 1) * KMH), 10)}")


if __name__ == "__main__":
    lessons()


def trip(title, departure, stops, v=50 * KMH):
    """A trip on the network: `stops` lists, after the origin, each stop with the km since the
    previous stop, its UTC offset (hours), its dwell (s), its stated departure (a datetime or None)
    and the speed limit of the run into it (m/s or None). Between stops the train runs
    standstill to standstill (`run`), passing every station; it leaves a stop after its dwell, and
    not before a stated departure."""
    print(f"\n== {title}")
    t = 0.0
    for name, km, tz, dwell, depart_at, limit in stops:
        t += run(km * 1000, min(v, limit) if limit else v)
        line = f"  {name:22s} arrive {fmt(departure, t, tz)}"
        if dwell or depart_at:
            leave = t + dwell
            if depart_at is not None:
                leave = max(leave, (depart_at - departure).total_seconds())
            line += f"   depart {fmt(departure, leave, tz)}"
            t = leave
        print(line + f"   (+{hm(t)})")
    return t


def trips():
    """Numbers behind scenarios/trips/*.ron (stop-to-stop km along the itinerary, from the posts
    of assets/network/far-east.ron)."""
    kst, vlat, amur = 9, 10, 9
    tum, kha, border = DWELL_TUMANGANG, DWELL_KHASAN, BORDER_LIMIT
    at = lambda *a: datetime(*a[:5], tzinfo=timezone(timedelta(hours=a[5])))
    # 2019 outbound: Kyongsong (km 676, estimate) at an assumed 05:00, Khasan left at 11:40,
    # back and forth through Ussuriysk (reversal 30 min) to Vladivostok.
    trip("2019 outbound", at(2019, 4, 24, 5, 0, kst), [
        ("Tumangang", 845 - 676, kst, tum, None, None),
        ("Khasan", 5, vlat, 0, at(2019, 4, 24, 11, 40, vlat), border),
        ("Ussuriysk", 238 + 23, vlat, 30 * 60, None, None),
        ("Vladivostok", 23 + 55 + 33, vlat, 0, None, None),
    ])
    # 2019 return: Vladivostok 15:27, Ussuriysk (reversal), Khasan and Tumangang usual stops.
    trip("2019 return", at(2019, 4, 26, 15, 27, vlat), [
        ("Ussuriysk", 111, vlat, 30 * 60, None, None),
        ("Khasan", 261, vlat, kha, None, None),
        ("Tumangang", 5, kst, tum, None, border),
        ("Pyongyang", 845, kst, 0, None, None),
    ])
    # 2023 outbound to Khasan: the assumed 15:00 departure, the usual border stop.
    trip("2023 outbound to Khasan", at(2023, 9, 10, 15, 0, kst), [
        ("Tumangang", 845, kst, tum, None, None),
        ("Khasan", 5, vlat, 0, None, border),
    ])
    # The 2023 circuit.
    trip("2023 circuit", at(2023, 9, 10, 15, 0, kst), [
        ("Tumangang", 845, kst, tum, None, None),
        ("Khasan", 5, vlat, kha, None, border),
        ("Ussuriysk", 238 + 23, vlat, 30 * 60, None, None),
        ("Vostochny cosmodrome", (9177 - 7764) + 25, amur, 0, at(2023, 9, 13, 20, 0, amur), None),
        ("Komsomolsk-na-Amure", 25 + (8479 - 7764) + 330, vlat, 0, at(2023, 9, 15, 14, 0, vlat), None),
        ("Artyom-Primorsky-1", 330 + (9255 - 8479) + 12, vlat, 0, at(2023, 9, 17, 17, 0, vlat), None),
        ("Khasan", 12 + 55 + 238, vlat, kha, None, None),
        ("Tumangang", 5, kst, tum, None, border),
        ("Pyongyang", 845, kst, 0, None, None),
    ])


if __name__ == "__main__":
    trips()
