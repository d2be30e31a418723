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


# =============================================================================================
# The lessons (scenarios/lessons/*.ron) and the claim files (scenarios/claims/*.ron).
# One function per lesson; each lesson file's first comment names its function. Everything here
# is paper arithmetic: the same `run` (trapezoid / triangle between standstills), the position of
# a passed station x/v + v/2a after a standing start, and great-circle geometry on a sphere.
# =============================================================================================
from math import radians, degrees, sin, cos, asin, acos, atan2, tan, exp, pi

EARTH_R = 6371.0  # km, mean radius
# Coordinates as in assets/network/far-east.ron (the last two are ESTIMATES there too).
COORDS = {
    "Pyongyang": (39.00472, 125.73639),
    "Tumangang": (42.4214, 130.6081),
    "Khasan": (42.42806, 130.64528),
    "Baranovsky": (43.64556, 131.92722),
    "Ussuriysk": (43.80167, 131.98083),
    "Vladivostok": (43.11116, 131.88155),
    "Vostochny cosmodrome": (51.8833, 128.3333),  # ESTIMATE: the cosmodrome's nominal centre
    "Komsomolsk-na-Amure": (50.55, 137.0),        # ESTIMATE: the city point
}
COMPASS = ["North", "NorthEast", "East", "SouthEast", "South", "SouthWest", "West", "NorthWest"]


def at(y, mo, d, h, mi, s, tz_hours):
    return datetime(y, mo, d, h, mi, s, tzinfo=timezone(timedelta(hours=tz_hours)))


def iso(t, tz_hours):
    text = t.astimezone(timezone(timedelta(hours=tz_hours))).strftime("%Y-%m-%dT%H:%M:%S%z")
    return text[:-2] + ":" + text[-2:]


def dur(seconds):
    """A signed duration as "-19h 33m 45s" (rounded to the second)."""
    sign = "-" if seconds < 0 else ""
    s = round(abs(seconds))
    return f"{sign}{s // 3600}h {s // 60 % 60}m {s % 60}s"


def haversine(a, b):
    (la1, lo1), (la2, lo2) = COORDS[a], COORDS[b]
    p1, p2, dl = radians(la1), radians(la2), radians(lo2 - lo1)
    h = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * EARTH_R * asin(h ** 0.5)


def bearing(a, b):
    """Initial great-circle bearing from a to b, degrees clockwise from north."""
    (la1, lo1), (la2, lo2) = COORDS[a], COORDS[b]
    p1, p2, dl = radians(la1), radians(la2), radians(lo2 - lo1)
    y = sin(dl) * cos(p2)
    x = cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl)
    return degrees(atan2(y, x)) % 360


def compass(deg):
    return COMPASS[int(((deg + 22.5) % 360) // 45)]


def passing(x_m, v, a=A):
    """Time to pass x_m after a standing start, once at cruise: x/v + v/2a."""
    return x_m / v + v / (2 * a)


def solve_speed(seconds_for, target_s, lo=5.0, hi=150.0):
    """The cruise (km/h) whose `seconds_for(v in m/s)` equals target_s (bisection; time falls as v rises)."""
    lo, hi = lo * KMH, hi * KMH
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if seconds_for(mid) > target_s else (lo, mid)
    return (lo + hi) / 2 / KMH


def lesson1():
    """Lesson 1: the non-stop best case at 50 and 60 km/h on the shipped route (Vladivostok at the
    press figure of 1,180 km), against the 2023 record at Khasan."""
    u = BORDER_LIMIT
    dep = at(2023, 9, 10, 15, 0, 0, 9)

    def nonstop(v):  # 1,180 km standstill to standstill, slowed to 15 km/h over km 845-850
        return run(1_180_000, v) + (v - u) ** 2 / (2 * B * v) + (v - u) ** 2 / (2 * A * v) + 5000 / u - 5000 / v

    def khasan_pass(v):  # passing Khasan (km 850, the end of the 15 km/h section)
        return v / (2 * A) + 845_000 / v + (v - u) ** 2 / (2 * B * v) + 5000 / u

    print("\n== lesson 1 (derive.py lesson1)")
    print(f"  1,180 km at 50 km/h, pure running: {dur(1180 / 50 * 3600)} (23.6 h)")
    for kmh in (50, 60):
        v = kmh * KMH
        t = nonstop(v)
        print(f"  {kmh} km/h non-stop: TravelTime {dur(t)}, average {1180 / (t / 3600):.1f} km/h, "
              f"Vladivostok {iso(dep + timedelta(seconds=t), 10)}, passes Khasan {iso(dep + timedelta(seconds=khasan_pass(v)), 10)}")
    obs = at(2023, 9, 12, 6, 0, 0, 10)
    t50 = dep + timedelta(seconds=khasan_pass(50 * KMH))
    print(f"  record: Khasan 06:00 +10 on Tue 12 Sep; the 50 km/h run passes it {dur((obs - t50).total_seconds())} earlier")
    # The record's interval: left some time on 10 Sep (+09), arrived 06:00 +10 +/- 30 min.
    lo_h = (at(2023, 9, 12, 5, 30, 0, 10) - at(2023, 9, 11, 0, 0, 0, 9)).total_seconds() / 3600
    hi_h = (at(2023, 9, 12, 6, 30, 0, 10) - at(2023, 9, 10, 0, 0, 0, 9)).total_seconds() / 3600
    print(f"  record interval Pyongyang -> Khasan: {lo_h:.1f}-{hi_h:.1f} h, {850 / hi_h:.1f}-{850 / lo_h:.1f} km/h over 850 km")
    print(f"  20 h for 1,180 km needs {1180 / 20:.1f} km/h (for the sourced 1,176 km: {1176 / 20:.1f})")
    print(f"  37 mph = {37 * 1.609344:.1f} km/h; 55 mph = {55 * 1.609344:.1f} km/h; "
          f"680 / 37 = {680 / 37:.1f} h (as miles); 680 km at 59.5 km/h = {680 / (37 * 1.609344):.1f} h")
    print(f"  MBN: 14 h at 60 km/h = {14 * 60} km (the rail distance to Khasan is 850)")


def lesson2():
    """Lesson 2: rail km (sums of the network's km posts) and straight lines (haversine)."""
    print("\n== lesson 2 (derive.py lesson2)")
    rail = {
        ("Pyongyang", "Tumangang"): 845.0,
        ("Pyongyang", "Khasan"): 850.0,
        ("Khasan", "Baranovsky"): 238.0,                      # Baranovsky-Khasan line, km 238 -> 0
        ("Baranovsky", "Vladivostok"): 9288.0 - 9200.0,       # Trans-Siberian Moscow km
        ("Khasan", "Vladivostok"): 238.0 + 9288.0 - 9200.0,
        ("Pyongyang", "Vladivostok"): 850.0 + 238.0 + 9288.0 - 9200.0,
    }
    for (a, b), km in rail.items():
        s = haversine(a, b)
        print(f"  {a} -> {b}: rail {km:.0f} km, straight {s:.1f} km (ratio {km / s:.2f}), "
              f"bearing {bearing(a, b):.1f} = {compass(bearing(a, b))}")
    print(f"  via Ussuriysk instead of the unconfirmed curve: Khasan -> Vladivostok "
          f"{238 + (9200 - 9177) + (9288 - 9177)} km (+{2 * (9200 - 9177)})")
    print(f"  80 miles = {80 * 1.609344:.0f} km; 300 miles = {300 * 1.609344:.0f} km; 425 miles = {425 * 1.609344:.0f} km")


def lesson3():
    """Lesson 3: the same undisturbed 50 km/h timetable leaving at 15:00 on the Pyongyang clock in
    June 2016 (UTC+8:30), September 2023 (UTC+9) and June 2012 (Primorye on UTC+11)."""
    print("\n== lesson 3 (derive.py lesson3)")
    legs = undisturbed(50 * KMH)
    for label, dep in (("2016 (base)", "2016-06-05T15:00"), ("2023", "2023-09-10T15:00"), ("2012", "2012-06-03T15:00")):
        print(f"  {label}: departure {dep} {offset_label(dep)}")
        print(f'    Depart(station: "Tumangang", at: "{zoned(dep, legs["Tumangang depart"], PYONGYANG)}", within: "5s"),')
        print(f'    Arrive(station: "Khasan", at: "{zoned(dep, legs["Khasan arrive"], VLADIVOSTOK_TZ)}", within: "5s"),')
        print(f'    Arrive(station: "Vladivostok", at: "{zoned(dep, legs["Vladivostok arrive"], VLADIVOSTOK_TZ)}", within: "5s"),')
    print(f"  Tumangang -> Khasan at the ESTIMATED 15 km/h: {dur(run(5000, BORDER_LIMIT))}")


def civil_dawn(y, mo, d, lat, lon, tz_hours, zenith=96.0):
    """Morning civil twilight (sun 6 degrees below the horizon), NOAA's general solar position
    equations (https://gml.noaa.gov/grad/solcalc/solareqns.PDF); zenith 90.833 gives sunrise."""
    n = (datetime(y, mo, d) - datetime(y, 1, 1)).days + 1
    g = 2 * pi / 365 * (n - 1)
    eqtime = 229.18 * (0.000075 + 0.001868 * cos(g) - 0.032077 * sin(g) - 0.014615 * cos(2 * g) - 0.040849 * sin(2 * g))
    decl = (0.006918 - 0.399912 * cos(g) + 0.070257 * sin(g) - 0.006758 * cos(2 * g) + 0.000907 * sin(2 * g)
            - 0.002697 * cos(3 * g) + 0.00148 * sin(3 * g))
    la = radians(lat)
    ha = degrees(acos(cos(radians(zenith)) / (cos(la) * cos(decl)) - tan(la) * tan(decl)))
    minutes_utc = 720 - 4 * (lon + ha) - eqtime
    return datetime(y, mo, d, tzinfo=timezone.utc) + timedelta(minutes=minutes_utc + 0 * tz_hours)


def lesson4():
    """Lesson 4: Pyongyang -> Khasan, September 2023: what the 06:00 arrival implies."""
    print("\n== lesson 4 (derive.py lesson4)")
    v, u = 50 * KMH, BORDER_LIMIT
    running = run(845_000, v) + run(5000, u)
    base = running + DWELL_TUMANGANG
    obs = at(2023, 9, 12, 6, 0, 0, 10)
    for label, dep in (("15:00 (afternoon, ASSUMED)", at(2023, 9, 10, 15, 0, 0, 9)),
                       ("19:00 (evening, ASSUMED)", at(2023, 9, 10, 19, 0, 0, 9))):
        total = (obs - dep).total_seconds()
        stand = total - base
        print(f"  departure {label}: Pyongyang -> Khasan {dur(total)} by the record")
        print(f"    at 50 km/h: Tumangang arrive {iso(dep + timedelta(seconds=run(845_000, v)), 9)}, "
              f"Khasan arrive {iso(dep + timedelta(seconds=base), 10)}, {dur(total - base)} before the record")
        print(f"    running {dur(running)}; standing beyond the bogie stop {dur(stand)}; "
              f"Tumangang stop {dur(stand + DWELL_TUMANGANG)} (all standing)")
        print(f"    if KCNA's 06:00 was Pyongyang time (07:00 +10): {dur(total + 3600)}")
    dep = at(2023, 9, 10, 15, 0, 0, 9)
    stop = 20 * 3600 + 43 * 60 + 45
    print(f"  case 'stood': Tumangang stop 20h 43m 45s -> Khasan {iso(dep + timedelta(seconds=running + stop), 10)}")
    stop_e = 16 * 3600 + 43 * 60 + 45
    dep_e = at(2023, 9, 10, 19, 0, 0, 9)
    print(f"  case 'evening': 19:00, Tumangang stop 16h 43m 45s -> Khasan {iso(dep_e + timedelta(seconds=running + stop_e), 10)}")
    target = (obs - dep).total_seconds()
    crawl = solve_speed(lambda w: run(845_000, w) + DWELL_TUMANGANG + run(5000, min(w, u)), target)
    w = 23.2 * KMH
    t = run(845_000, w) + DWELL_TUMANGANG + run(5000, min(w, u))
    print(f"  case 'crawled': {crawl:.3f} km/h reaches Khasan at 06:00; 23.2 km/h -> Tumangang "
          f"{iso(dep + timedelta(seconds=run(845_000, w)), 9)}, Khasan {iso(dep + timedelta(seconds=t), 10)}")
    print(f"  case 'evening': Tumangang arrive {iso(dep_e + timedelta(seconds=run(845_000, v)), 9)}")
    lat, lon = COORDS["Khasan"]
    dawn = civil_dawn(2023, 9, 12, lat, lon, 10)
    rise = civil_dawn(2023, 9, 12, lat, lon, 10, zenith=90.833)
    print(f"  Khasan, 12 Sep 2023: civil dawn {iso(dawn, 10)}, sunrise {iso(rise, 10)} (NOAA equations)")


def lesson5():
    """Lesson 5: Khasan -> Vladivostok, 24 April 2019, by the reported way (reversing at Ussuriysk)."""
    print("\n== lesson 5 (derive.py lesson5)")
    v = 50 * KMH
    dep = at(2019, 4, 24, 11, 40, 0, 10)
    k_us = 238 + (9200 - 9177)            # Khasan -> Baranovsky -> Ussuriysk
    us_vl = 9288 - 9177                    # Ussuriysk -> Vladivostok
    direct = 238 + (9288 - 9200)
    print(f"  Distance Khasan -> Ussuriysk {k_us}, Ussuriysk -> Vladivostok {us_vl}, total {k_us + us_vl}; "
          f"Khasan -> Baranovsky 238, Baranovsky#2 -> Vladivostok {9288 - 9200} (the direct reading: {direct})")
    t_us = run(k_us * 1000, v)
    t_vl = t_us + 30 * 60 + run(us_vl * 1000, v)
    print(f"  at 50 km/h, 30 min at Ussuriysk (ESTIMATE): Ussuriysk {iso(dep + timedelta(seconds=t_us), 10)}, "
          f"Vladivostok {iso(dep + timedelta(seconds=t_vl), 10)}, TravelTime {dur(t_vl)}")
    obs = at(2019, 4, 24, 18, 1, 0, 10)
    rec = (obs - dep).total_seconds()
    print(f"  record 11:40 -> 18:01 = {dur(rec)}; the run is {dur(t_vl - rec)} later")
    for km in (k_us + us_vl, direct):
        print(f"    {km} km in 6h 21m = {km / (rec / 3600):.1f} km/h; with 10 min either end "
              f"({dur(rec - 1200)}-{dur(rec + 1200)}): {km / ((rec + 1200) / 3600):.1f}-{km / ((rec - 1200) / 3600):.1f} km/h")
    with_stop = solve_speed(lambda w: run(k_us * 1000, w) + 1800 + run(us_vl * 1000, w), rec)
    no_stop = solve_speed(lambda w: run(k_us * 1000, w) + run(us_vl * 1000, w), rec)
    straight = solve_speed(lambda w: run(direct * 1000, w), rec)
    print(f"  cruise needed: via Ussuriysk with 30 min {with_stop:.1f} km/h, via Ussuriysk without a stop "
          f"{no_stop:.1f}, direct {straight:.1f}; direct at 50 km/h arrives {iso(dep + timedelta(seconds=run(direct * 1000, v)), 10)}")
    print(f"  TASS 7 h + Arirang 2 h = 9 h, {dur(9 * 3600 - rec)} more than the real run")
    print(f"  Ussuriysk -> Vladivostok: rail {us_vl} km, straight {haversine('Ussuriysk', 'Vladivostok'):.1f} km, "
          f"bearing Vladivostok -> Ussuriysk {bearing('Vladivostok', 'Ussuriysk'):.1f} = {compass(bearing('Vladivostok', 'Ussuriysk'))}")


def security_arrivals(dep):
    """The undisturbed arrival and the two alerts of lesson 6, as offsets in s from `dep` (the same
    arithmetic as main()'s security-lockdown and security-high-sweep)."""
    v50, u = 50 * KMH, 25 * KMH
    s0 = undisturbed(v50)["Vladivostok arrive"]
    t_800 = v50 / A + (800_000 - v50 * v50 / (2 * A)) / v50
    d_brake = (v50 * v50 - u * u) / (2 * B)
    t_tum = t_800 + (v50 - u) / B + (45_000 - d_brake - u * u / (2 * B)) / u + u / B
    s_high = t_tum + DWELL_TUMANGANG + 30 * 60 + run(5000, BORDER_LIMIT) + DWELL_KHASAN + run(330_000, v50)
    t_lock = 6 * 3600
    x_lock = v50 * v50 / (2 * A) + (t_lock - v50 / A) * v50
    t_hamhung = t_lock + (v50 - u) / B + (313_600 - x_lock - d_brake - u * u / (2 * B)) / u + u / B
    release = t_lock + 2 * 3600
    s_lock = release + run(845_000 - 313_600, v50) + DWELL_TUMANGANG + run(5000, BORDER_LIMIT) + DWELL_KHASAN + run(330_000, v50)
    return s0, s_lock, s_high, t_hamhung, release


def lesson6():
    """Lesson 6 (HYPOTHETICAL alert, on an arbitrary date with no trip: Sunday 2 June 2030, 15:00)."""
    print("\n== lesson 6 (derive.py lesson6)")
    dep = at(2030, 6, 2, 15, 0, 0, 9)
    s0, s_lock, s_high, t_hamhung, release = security_arrivals(dep)
    both = s0 + (s_lock - s0) + (s_high - s0)
    print(f"  undisturbed (the departure estimate): {iso(dep + timedelta(seconds=s0), 10)}")
    print(f"  Lockdown at 21:00 for 2 h: Hamhung arrive {iso(dep + timedelta(seconds=t_hamhung), 9)}, "
          f"depart {iso(dep + timedelta(seconds=release), 9)}; estimate then {iso(dep + timedelta(seconds=s_lock), 10)} "
          f"(+{dur(s_lock - s0)})")
    print(f"  High km 800-850 with the sweep: +{dur(s_high - s0)}; both: {iso(dep + timedelta(seconds=both), 10)} "
          f"(+{dur(both - s0)}), TravelTime {dur(both)}")


def lesson7():
    """Lesson 7 (HYPOTHETICAL incident rate: 2 per 1,000 km, waits uniform 10 min to 1 h)."""
    print("\n== lesson 7 (derive.py lesson7)")
    v = 50 * KMH
    dep = at(2023, 9, 10, 15, 0, 0, 9)
    legs = undisturbed(v)
    n = 1.180 * 2.0
    loss = v / (2 * B) + v / (2 * A)
    mean = n * (35 * 60 + loss)
    print(f"  expected incidents {n:.2f}; P(none) = e^-{n:.2f} = {exp(-n):.3f}; "
          f"mean delay {n:.2f} x (35 min + {loss:.0f} s) = {dur(mean)} (every stop taken from cruise)")
    print(f"  departure estimate {iso(dep + timedelta(seconds=legs['Vladivostok arrive']), 10)}")
    # Seed 7: incidents at km 85.87 and 695.03 (before Khasan) and 1154.75 (scenarios/random-incidents.ron).
    first_two = (18 * 60 + 24) + (46 * 60 + 20) + 2 * loss
    third = (27 * 60 + 58) + loss
    k = dep + timedelta(seconds=legs["Khasan arrive"] + first_two)
    print(f"  seed 7: Khasan {iso(k, 10)} (record Tue 06:00 +10: {dur((at(2023, 9, 12, 6, 0, 0, 10) - k).total_seconds())} later), "
          f"Vladivostok {iso(dep + timedelta(seconds=legs['Vladivostok arrive'] + first_two + third), 10)}, "
          f"TravelTime {dur(legs['Vladivostok arrive'] + first_two + third)}")
    und_k = dep + timedelta(seconds=legs["Khasan arrive"])
    print(f"  undisturbed Khasan {iso(und_k, 10)}: the record is {dur((at(2023, 9, 12, 6, 0, 0, 10) - und_k).total_seconds())} later")


def circuit_2023(dep, legs, title):
    """The 2023 circuit stop by stop (km from assets/network/far-east.ron): `legs` gives, for legs
    1-6, (cruise km/h, standing s at the leg's first stop). Returns the named times."""
    v = [None] + [kmh * KMH for kmh, _ in legs]
    stand = [None] + [s for _, s in legs]
    u = BORDER_LIMIT
    T = {}
    # Leg 1: Pyongyang -> Tumangang (stop: bogie exchange + the standing) -> Khasan (15 km/h).
    t = run(845_000, v[1])
    T["Tumangang arrive"] = (t, 9)
    t += DWELL_TUMANGANG + stand[1]
    T["Tumangang depart"] = (t, 9)
    t += run(5000, min(v[1], u))
    T["Khasan arrive"] = (t, 10)
    # Leg 2: Khasan (1 h + standing) -> Baranovsky (passed, km 238) -> Ussuriysk (30 min).
    t += DWELL_KHASAN + stand[2]
    T["Khasan depart"] = (t, 10)
    T["Baranovsky pass"] = (t + passing(238_000, v[2]), 10)
    t += run(261_000, v[2])
    T["Ussuriysk arrive"] = (t, 10)
    t += 30 * 60
    # Leg 3: Ussuriysk -> Vostochny (9177 - 7764 + 25 = 1,438 km), leaves at 20:00 +09 (ASSUMED).
    t += run(1_438_000, v[3])
    T["Vostochny arrive"] = (t, 9)
    t = max(t, (at(2023, 9, 13, 20, 0, 0, 9) - dep).total_seconds())
    # Leg 4: Vostochny -> Volochayevka II (25 + 8479 - 7764 = 740 km, passed) -> Komsomolsk (+330).
    T["Volochayevka II#2 pass"] = (t + passing(740_000, v[4]), 10)
    t += run(1_070_000, v[4])
    T["Komsomolsk arrive"] = (t, 10)
    t = max(t, (at(2023, 9, 15, 14, 0, 0, 10) - dep).total_seconds())
    # Leg 5: Komsomolsk -> Artyom-Primorsky-1 (330 + 9255 - 8479 + 12 = 1,118 km), leaves 17:00 (ASSUMED).
    t += run(1_118_000, v[5])
    T["Artyom arrive"] = (t, 10)
    t = max(t, (at(2023, 9, 17, 17, 0, 0, 10) - dep).total_seconds())
    # Leg 6: Artyom -> Khasan (12 + 55 + 238 = 305 km) -> Tumangang (5 km, 15 km/h) -> Pyongyang.
    t += run(305_000, v[6])
    T["Khasan#2 arrive"] = (t, 10)
    t += DWELL_KHASAN + run(5000, min(v[6], u))
    T["Tumangang#2 arrive"] = (t, 9)
    t += DWELL_TUMANGANG + run(845_000, v[6])
    T["Pyongyang#2 arrive"] = (t, 9)
    print(f"  {title}")
    for key, (s, tz) in T.items():
        print(f"    {key:24s} {iso(dep + timedelta(seconds=s), tz)}")
    return T


def lesson8():
    """Lesson 8: the whole 2023 circuit, with the cruises of legs 3-6 from a first calibration
    (the shipped 2023-circuit.calibrated.ron, refitted, is within 0.2 km/h of them) and legs 1-2
    pinned at the network's 50 km/h,
    their standing solved here so that Khasan is 06:00 and Baranovsky 12:15 exactly."""
    print("\n== lesson 8 (derive.py lesson8)")
    v = 50 * KMH
    dep = at(2023, 9, 10, 15, 0, 0, 9)
    khasan = (at(2023, 9, 12, 6, 0, 0, 10) - dep).total_seconds()
    s1 = khasan - (run(845_000, v) + DWELL_TUMANGANG + run(5000, BORDER_LIMIT))
    baranovsky = (at(2023, 9, 12, 12, 15, 0, 10) - dep).total_seconds()
    s1r = round(s1)
    s2 = baranovsky - (run(845_000, v) + DWELL_TUMANGANG + s1r + run(5000, BORDER_LIMIT) + DWELL_KHASAN + passing(238_000, v))
    print(f"  standing leg 1 (at Tumangang) {dur(s1)}, leg 2 (at Khasan) {dur(s2)}")
    T = circuit_2023(dep, [(50, s1r), (50, round(s2)), (57.916, 0), (34.101, 0), (60.530, 0), (22.713, 0)],
                     "the circuit: legs 1-2 at 50 km/h with that standing; legs 3-6 at 57.916, 34.101, 60.530, 22.713")
    rec = {"Vostochny arrive": at(2023, 9, 13, 13, 0, 0, 9), "Volochayevka II#2 pass": at(2023, 9, 14, 12, 18, 0, 10),
           "Komsomolsk arrive": at(2023, 9, 15, 8, 50, 0, 10), "Artyom arrive": at(2023, 9, 16, 8, 30, 0, 10),
           "Pyongyang#2 arrive": at(2023, 9, 19, 21, 10, 0, 9)}
    for key, obs in rec.items():
        print(f"    residual {key:24s} {dur((dep + timedelta(seconds=T[key][0]) - obs).total_seconds())}")
    print(f"  km: 850 + 261 + 1,438 + 1,070 + 1,118 + 1,155 = {850 + 261 + 1438 + 1070 + 1118 + 1155}; "
          f"Khasan -> Khasan#2 = {261 + 1438 + 1070 + 1118 + 305}; Pyongyang -> Vostochny = {850 + 261 + 1438}")
    print(f"  Vostochny -> Komsomolsk via Khabarovsk-1 and reversing: {25 + (8523 - 7764) + 44 + 330} km "
          f"(the network's way: 1,070)")
    print(f"  Volochayevka 12:18 -> Komsomolsk 08:50 = {dur((rec['Komsomolsk arrive'] - rec['Volochayevka II#2 pass']).total_seconds())} for 330 km; "
          f"330 km at 34.101 km/h takes {dur(330 / 34.101 * 3600)}")
    b = bearing("Vostochny cosmodrome", "Komsomolsk-na-Amure")
    print(f"  Vostochny -> Komsomolsk bearing {b:.0f} = {compass(b)} (both points ESTIMATES)")


def lesson9():
    """Lesson 9: the nowcast as of Tue 12 Sep 2023 12:15 +10, redone by hand: the standing it fits
    before Khasan and at Khasan (its printed values), then the prior 50 km/h everywhere after."""
    print("\n== lesson 9 (derive.py lesson9)")
    dep = at(2023, 9, 10, 15, 0, 0, 9)
    print("  the run (no fit, 50 km/h, the usual stops):")
    T0 = circuit_2023(dep, [(50, 0)] * 6, "2023 circuit at 50 km/h")
    s1 = 19 * 3600 + 33 * 60 + 34  # the nowcast's fitted standing, leg 1
    s2 = 28 * 60 + 22              # leg 2
    T = circuit_2023(dep, [(50, s1), (50, s2), (50, 0), (50, 0), (50, 0), (50, 0)],
                     "with the nowcast's standing (19h 33m 34s, 28m 22s), 50 km/h after Baranovsky")
    rec = {"Vostochny arrive": at(2023, 9, 13, 13, 0, 0, 9), "Komsomolsk arrive": at(2023, 9, 15, 8, 50, 0, 10),
           "Artyom arrive": at(2023, 9, 16, 8, 30, 0, 10), "Pyongyang#2 arrive": at(2023, 9, 19, 21, 10, 0, 9)}
    for key, obs in rec.items():
        print(f"    hold-out error {key:20s} {dur((dep + timedelta(seconds=T[key][0]) - obs).total_seconds())}")
    avg = 1461 / ((at(2023, 9, 13, 13, 0, 0, 9) - at(2023, 9, 12, 12, 15, 0, 10)).total_seconds() / 3600)
    print(f"  Baranovsky 12:15 +10 -> Vostochny 13:00 +09: 1,461 km (23 + 1,438) at {avg:.1f} km/h gross")


def lessons():
    for f in (lesson1, lesson2, lesson3, lesson4, lesson5, lesson6, lesson7, lesson8, lesson9):
        f()


if __name__ == "__main__":
    lessons()
