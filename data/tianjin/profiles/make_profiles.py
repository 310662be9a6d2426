"""Build the 8760-hour load and renewable profiles for Tianjin.

Run from the repository root:  python data/tianjin/profiles/make_profiles.py

Output: hourly_profiles.csv (next to this script) with columns
hour (0..8759), month (1..12), day_of_year (1..365), hour_of_day (0..23),
load_shape (sums to 1), utility_pv, rooftop_pv, onshore_wind, offshore_wind
(capacity factors in [0, 1] per kW of installed capacity, 4 decimals).
Calendar: a non-leap year in local time (UTC+8). Hour h stands for the interval
[h, h+1); solar geometry is taken at the middle of that interval.

The script reads only load_tianjin_pypsa_china_pik.csv (next to it) and data bundled
with pvlib (the Linke turbidity climatology). It downloads nothing. All random numbers
come from one numpy Generator with the fixed seed SEED and are drawn in a fixed order,
so the output is the same on every run.

Method
------
load_shape
    Observed hourly Tianjin load (MW) from PyPSA-China-PIK
    (resources/data/load/Hourly_demand_of_31_province_China_modified_V2.1.csv, column TJ;
    total 86.1 TWh = Tianjin 2018 consumption, so it is taken to be a 2018 profile), divided by
    its annual sum. Months are NOT rescaled to 2020. The profile's monthly shares match the
    official 2018 monthly consumption within 0.12 percentage points. 2020 is distorted by COVID
    (Jan-Mar) and a cold December, which gives differences of up to 1.0 pp (printed by main()).
    A typical pre-COVID year suits a 2020-2035 pathway better.

PV (utility_pv, rooftop_pv)
    1. Clear-sky GHI/DNI/DHI: Ineichen with pvlib's Linke turbidity climatology at
       39.13 N, 117.20 E, 5 m.
    2. Cloudiness: daily clear-sky index c_d ~ Beta(mu_m*nu, (1-mu_m)*nu), with monthly mean
       mu_m = min(alpha*s_m, 0.97) (s_m = CLEARNESS_SHAPE) and day-to-day persistence
       through a Gaussian copula: z_d = rho_d z_{d-1} + sqrt(1-rho_d^2) e_d, c_d = F_Beta^-1(Phi(z_d)).
       Within a day: k_h = clip(c_d + sigma_h sqrt(c_d(1-c_d)) eta_h, 0.02, 1), eta_h a
       standard AR(1) with rho_h. GHI = k_h * GHI_clear. The scalar alpha is solved
       (brentq) so that annual GHI = 5256 MJ/m2 = 1460 kWh/m2.
    3. Erbs decomposition to DNI/DHI. Hay-Davies transposition (albedo 0.2): utility tilt 30 deg,
       rooftop tilt 20 deg, both facing south. Physical IAM on the beam part.
    4. Cell temperature: SAPM (open rack for utility, close mount for rooftop). Ambient
       temperature = monthly normal (interpolated between mid-months) + 5 K * cos(2 pi (h-15)/24).
       Wind speed 2.5 m/s.
    5. PVWatts DC (gamma = -0.37 %/K), PVWatts default losses (14.08 %), PVWatts inverter with
       DC/AC ratio 1.1. Output is per kW_DC (Chinese capacity statistics are DC peak).
    6. One scalar per series: cf = min(1, s*p), with s solved so that full-load hours (FLH) =
       target. Targets: utility 1265 h; rooftop 0.92 * 1265 = 1163.8 h (assumption).
       Check (not calibrated): hours with Erbs DNI > 120 W/m2 (WMO sunshine definition) come to
       about 2,590, inside the 2,500-2,900 sunshine hours the plan states.

Wind (onshore_wind, offshore_wind)
    1. Latent Gaussian AR(1) pair (z_on, z_off), hourly rho_w = 0.96, innovations correlated
       r = 0.7. The stationary correlation of the pair is therefore also 0.7. A 30-day circular
       moving average is subtracted (high pass, re-standardised), so that month-to-month
       variation comes from the seasonal factor, not from the particular random year.
    2. Speed v_t = c * f(doy) * g(h) * (-ln(1 - Phi(z_t)))^(1/k): Weibull(k, c) marginal through the
       Gaussian copula, c = mean / Gamma(1 + 1/k). f is the seasonal factor (WIND_SEASONAL,
       mean 1, strong in winter and spring, weak in summer) and g = 1 + a cos(2 pi (h - 16)/24) is
       the diurnal factor. v is rescaled so that its sample mean equals `mean` exactly: onshore
       6.25 m/s (70 m, plan: 6.0-6.5 m/s on the coast; assumption: 70-90 m hubs dominate the
       2020 fleet, whose output sets the FLH target),
       offshore 7.5 m/s (assumption).
    3. Fleet power curve: the generic single-turbine curve P(v) = (v^3 - 3^3)/(11.5^3 - 3^3) for
       3 <= v < 11.5, 1 for 11.5 <= v < 25, else 0, smoothed over the fleet:
       P_fleet(v) = E[P(v + 1.5 eps)], eps ~ N(0, 1) (9-point Gauss-Hermite).
    4. One scalar per series (availability, wake, electrical losses and curtailment), as for PV:
       onshore 1900 h, offshore 2800 h.

Sources and assumptions (full list in the README):
    GHI 5256 MJ/m2/yr, 2500-2900 sunshine hours, wind 6.0-6.5 m/s at 70 m and 6.5-7.0 m/s at
    100 m on the coast: Tianjin Renewable Energy 14th FYP
    (天津市可再生能源发展"十四五"规划), http://cibb.net.cn/News/Detail/24453.
    PV 1265 h (2020), wind 1769-2089 h (2018-2023): CEC via Wind/CREA,
    wind_solar_utilization_capacity_by_province.
    Everything marked "assumption" below is a modelling choice with its reason given.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
from scipy import optimize, special, stats

HERE = Path(__file__).resolve().parent
LOAD_CSV = HERE / "load_tianjin_pypsa_china_pik.csv"
OUT_CSV = HERE / "hourly_profiles.csv"

SEED = 20200101
YEAR = 2019  # any non-leap year; only used for the solar geometry
LAT, LON, ALT, TZ = 39.13, 117.20, 5.0, "Asia/Shanghai"

# Calibration targets
TARGET_GHI_KWH_M2 = 5256.0 / 3.6  # 14th FYP renewables plan: 5256 MJ/m2/yr
FLH_TARGET = {
    "utility_pv": 1265.0,  # CEC via Wind/CREA, Tianjin 2020 solar utilisation hours
    "rooftop_pv": 0.92 * 1265.0,  # assumption: shading, soiling, non-optimal orientation on roofs
    "onshore_wind": 1900.0,  # CEC via Wind/CREA, Tianjin 2018-23 range 1769-2089 h
    "offshore_wind": 2800.0,  # assumption: no Tianjin figure; typical Bohai/North China 2600-3000 h
}

# assumption: approximate monthly mean air temperature (deg C). Consistent with Jan -3.7 /
# Jul 26.5 (chinadragontours.com/destination/tianjin/climate) and the monthly high/low table at
# chinahighlights.com/tianjin/weather.htm. The official CMA normals table was not consulted.
MONTHLY_TEMP_C = np.array([-3.7, -0.6, 6.0, 14.0, 20.2, 24.6, 26.5, 25.8, 21.2, 14.0, 5.5, -1.4])
DIURNAL_HALF_RANGE_C = 5.0  # assumption: ~10 K high-low spread (chinahighlights table)
WIND_FOR_TEMP_MS = 2.5  # annual mean 10 m wind 2.3-2.5 m/s (Tianjin climate summaries)

# assumption: relative monthly clear-sky index (summer monsoon cloud in Jul/Aug, dry clear
# spring/autumn, winter haze). Scaled by alpha to hit the annual GHI.
CLEARNESS_SHAPE = np.array([0.80, 0.80, 0.80, 0.80, 0.80, 0.72, 0.62, 0.66, 0.76, 0.80, 0.78, 0.78])
BETA_NU, RHO_DAY, RHO_HOUR, SIGMA_HOUR = 6.0, 0.5, 0.7, 0.5  # assumption: cloud statistics

# assumption: monthly wind scale factor; shape only from the qualitative climate description
# (windy dry spring, northwesterly winter winds, calm humid summer; e.g. en.zhaoshang.net Tianjin climate)
WIND_SEASONAL = np.array([1.05, 1.08, 1.15, 1.18, 1.08, 0.92, 0.85, 0.82, 0.88, 0.97, 1.05, 1.05])
WIND_SEASONAL = WIND_SEASONAL / WIND_SEASONAL.mean()
WIND = {  # mean hub-height speed (m/s), Weibull k, diurnal amplitude
    # 70 m 6.0-6.5 m/s on the coast (14th FYP plan); assumption: 70-90 m hubs dominate the 2020 fleet
    # assumption: diurnal maximum at 16:00 (afternoon mixing / sea breeze), amplitude 8 %
    "onshore_wind": dict(mean=6.25, k=2.0, diurnal=0.08),
    # assumption: Bohai Bay at 100 m, ~0.75 m/s above the plan's coastal 100 m figure; smaller
    # diurnal cycle over sea
    "offshore_wind": dict(mean=7.5, k=2.2, diurnal=0.03),
}
RHO_WIND, CORR_ON_OFF, FLEET_SIGMA = 0.96, 0.7, 1.5  # assumption: persistence, correlation, spread


def time_index():
    """Calendar table for one non-leap year and the mid-interval timestamps (tz-aware).

    Row h (0..8759) stands for [h, h+1) local time. The solar geometry is taken at h + 30 min.
    """
    start = pd.Timestamp(f"{YEAR}-01-01 00:00", tz=TZ)
    hours = pd.date_range(start, periods=8760, freq="h")
    cal = pd.DataFrame({
        "hour": np.arange(8760),
        "month": hours.month,
        "day_of_year": hours.dayofyear,
        "hour_of_day": hours.hour,
    })
    return cal, hours + pd.Timedelta(minutes=30)


def seasonal(monthly, doy):
    """Periodic linear interpolation of 12 monthly values placed at mid-month (day 15.2 + 30.4 m)."""
    mid = 15.2 + 30.42 * np.arange(12)
    xp = np.concatenate([mid - 365.0, mid, mid + 365.0])
    return np.interp(doy, xp, np.tile(monthly, 3))


def ar1(shocks, rho):
    """Standard-normal AR(1): x_0 = e_0, x_t = rho x_{t-1} + sqrt(1 - rho^2) e_t (along axis 0)."""
    x = np.empty_like(shocks)
    x[0] = shocks[0]
    s = np.sqrt(1.0 - rho**2)
    for t in range(1, len(shocks)):
        x[t] = rho * x[t - 1] + s * shocks[t]
    return x


def high_pass(z, window=720):
    """Remove the slow part of z: y = z - MA_w(z) (centred circular moving average), then y / std(y).

    This keeps the synoptic (hours to days) variability and leaves the month-to-month signal
    to the deterministic seasonal factor. Without it, one random year can make e.g. December
    calmer than August.
    """
    kernel = np.ones(window) / window
    padded = np.concatenate([z[-window:], z, z[:window]], axis=0)
    slow = np.stack([np.convolve(padded[:, j], kernel, mode="same")[window:-window]
                     for j in range(z.shape[1])], axis=1)
    y = z - slow
    return y / y.std(axis=0)


def load_shape(path=LOAD_CSV):
    """Hourly load divided by its annual sum: l_h = L_h / sum(L)."""
    load = pd.read_csv(path)["load_mw"].to_numpy(dtype=float)
    assert len(load) == 8760
    return load / load.sum()


def clear_sky_index(u_day, eta_hour, day_idx, month_day, alpha):
    """Hourly clear-sky index k_h in [0.02, 1].

    c_d = F^-1_Beta(u_d; mu nu, (1 - mu) nu) with mu = min(alpha s_m, 0.97),
    k_h = clip(c_d + SIGMA_HOUR sqrt(c_d (1 - c_d)) eta_h, 0.02, 1).
    """
    mu = np.minimum(alpha * CLEARNESS_SHAPE[month_day - 1], 0.97)
    c_day = stats.beta.ppf(u_day, mu * BETA_NU, (1.0 - mu) * BETA_NU)
    c = c_day[day_idx]
    return np.clip(c + SIGMA_HOUR * np.sqrt(c * (1.0 - c)) * eta_hour, 0.02, 1.0)


def synthetic_ghi(clear_ghi, u_day, eta_hour, day_idx, month_day):
    """GHI = k_h * GHI_clear, with alpha solved so that sum(GHI) = TARGET_GHI_KWH_M2 (W/m2 * 1 h)."""
    def gap(alpha):
        k = clear_sky_index(u_day, eta_hour, day_idx, month_day, alpha)
        return (k * clear_ghi).sum() / 1000.0 - TARGET_GHI_KWH_M2

    alpha = optimize.brentq(gap, 0.3, 1.3, xtol=1e-12)
    return clear_sky_index(u_day, eta_hour, day_idx, month_day, alpha) * clear_ghi, alpha


def pv_output(times, ghi, solpos, temp_air, tilt, mount):
    """AC output per kW_DC (before calibration) of a south-facing fixed array.

    Erbs: (DNI, DHI) = f(GHI, zenith). Hay-Davies POA. Physical IAM on the beam part.
    SAPM cell temperature. P_dc = E/1000 (1 + gamma (T_c - 25)) (1 - losses).
    PVWatts inverter with DC/AC = 1.1.
    """
    zen, azi = solpos["apparent_zenith"], solpos["azimuth"]
    dec = pvlib.irradiance.erbs(ghi, solpos["zenith"], times)
    poa = pvlib.irradiance.get_total_irradiance(
        tilt, 180.0, zen, azi, dec["dni"], ghi, dec["dhi"],
        dni_extra=pvlib.irradiance.get_extra_radiation(times), albedo=0.2, model="haydavies")
    aoi = pvlib.irradiance.aoi(tilt, 180.0, zen, azi)
    eff = poa["poa_direct"] * pvlib.iam.physical(aoi) + poa["poa_diffuse"]
    eff = eff.fillna(0.0).clip(lower=0.0)
    params = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"][mount]
    t_cell = pvlib.temperature.sapm_cell(eff, temp_air, WIND_FOR_TEMP_MS, **params)
    p_dc = pvlib.pvsystem.pvwatts_dc(eff, t_cell, pdc0=1.0, gamma_pdc=-0.0037)
    p_dc = p_dc * (1.0 - pvlib.pvsystem.pvwatts_losses() / 100.0)
    p_ac = pvlib.inverter.pvwatts(p_dc, pdc0=(1.0 / 1.1) / 0.96, eta_inv_nom=0.96)
    return np.clip(np.nan_to_num(np.asarray(p_ac, dtype=float)), 0.0, None)


def wind_speed(z, doy, hod, mean, k, diurnal):
    """v = c f(doy) g(h) (-ln(1 - Phi(z)))^(1/k), with c = mean / Gamma(1 + 1/k).

    f is the seasonal factor and g(h) = 1 + diurnal cos(2 pi (h - 16)/24) is the diurnal one.
    At the end v is multiplied by mean / avg(v), so the sample annual mean equals `mean` exactly.
    """
    c = mean / special.gamma(1.0 + 1.0 / k)
    w = (-np.log(stats.norm.sf(z))) ** (1.0 / k)  # -ln(1 - Phi(z)) written with sf for accuracy
    g = 1.0 + diurnal * np.cos(2.0 * np.pi * (hod - 16.0) / 24.0)
    v = c * seasonal(WIND_SEASONAL, doy) * g * w
    return v * (mean / v.mean())


def fleet_power_curve(v, cut_in=3.0, rated=11.5, cut_out=25.0, sigma=FLEET_SIGMA):
    """P_fleet(v) = E[P(v + sigma eps)], eps ~ N(0,1), with P the cubic-ramp single-turbine curve."""
    def single(x):
        ramp = (x**3 - cut_in**3) / (rated**3 - cut_in**3)
        return np.where(x < cut_in, 0.0, np.where(x < rated, ramp, np.where(x < cut_out, 1.0, 0.0)))

    nodes, weights = np.polynomial.hermite_e.hermegauss(9)
    weights = weights / weights.sum()
    return sum(w * single(v + sigma * n) for n, w in zip(nodes, weights))


def calibrate(p, target_flh):
    """cf = min(1, s p) with s > 0 such that sum(cf) = target_flh (brentq). Returns (cf, s)."""
    s = optimize.brentq(lambda s: np.minimum(1.0, s * p).sum() - target_flh, 1e-3, 100.0, xtol=1e-12)
    return np.minimum(1.0, s * p), s


def build_profiles():
    """Return (profiles DataFrame, diagnostics dict). The output depends only on SEED and the inputs."""
    rng = np.random.default_rng(SEED)
    cal, times = time_index()
    doy = cal["day_of_year"].to_numpy() - 1 + (cal["hour_of_day"].to_numpy() + 0.5) / 24.0
    hod = cal["hour_of_day"].to_numpy()

    # random draws, always in this order
    u_day = stats.norm.cdf(ar1(rng.standard_normal(365), RHO_DAY))
    eta_hour = ar1(rng.standard_normal(8760), RHO_HOUR)
    chol = np.linalg.cholesky(np.array([[1.0, CORR_ON_OFF], [CORR_ON_OFF, 1.0]]))
    z_wind = high_pass(ar1(rng.standard_normal((8760, 2)) @ chol.T, RHO_WIND))

    # PV
    loc = pvlib.location.Location(LAT, LON, TZ, ALT)
    clear = loc.get_clearsky(times, model="ineichen")
    solpos = loc.get_solarposition(times)
    day_idx = cal["day_of_year"].to_numpy() - 1
    month_day = cal.groupby("day_of_year")["month"].first().to_numpy()
    ghi, alpha = synthetic_ghi(clear["ghi"].to_numpy(), u_day, eta_hour, day_idx, month_day)
    ghi = pd.Series(ghi, index=times)
    temp_air = pd.Series(seasonal(MONTHLY_TEMP_C, doy)
                         + DIURNAL_HALF_RANGE_C * np.cos(2.0 * np.pi * (hod - 15.0) / 24.0), index=times)
    raw = {
        "utility_pv": pv_output(times, ghi, solpos, temp_air, 30.0, "open_rack_glass_polymer"),
        "rooftop_pv": pv_output(times, ghi, solpos, temp_air, 20.0, "close_mount_glass_glass"),
    }
    # wind
    for j, name in enumerate(["onshore_wind", "offshore_wind"]):
        v = wind_speed(z_wind[:, j], doy, hod, **WIND[name])
        raw[name] = fleet_power_curve(v)
        raw[name + "_speed"] = v

    out = cal.copy()
    out["load_shape"] = load_shape()
    dni = pvlib.irradiance.erbs(ghi, solpos["zenith"], times)["dni"]
    diag = {"alpha": alpha, "annual_ghi_kwh_m2": float(ghi.sum() / 1000.0),
            "sunshine_h_dni_gt_120": int((dni > 120.0).sum()),
            "latent_wind_corr": float(np.corrcoef(z_wind.T)[0, 1])}
    for name in ["utility_pv", "rooftop_pv", "onshore_wind", "offshore_wind"]:
        diag[name + "_raw_flh"] = float(raw[name].sum())
        cf, s = calibrate(raw[name], FLH_TARGET[name])
        out[name] = np.round(cf, 4)
        diag[name + "_scale"] = s
        diag[name + "_flh"] = float(out[name].sum())
    for name in ["onshore_wind", "offshore_wind"]:
        diag[name + "_mean_speed"] = float(raw[name + "_speed"].mean())
    return out, diag


# official 2020 monthly consumption, 10^8 kWh (NBS via Wind/CREA, Electricity_Consumption_by_province);
# used only for the printed comparison, not to rescale the profile
OFFICIAL_2020_MONTHLY = np.array([75, 55, 66, 64, 65, 72, 82, 85, 72, 69, 77, 93], dtype=float)


def main():
    """Write hourly_profiles.csv and print the calibration diagnostics."""
    out, diag = build_profiles()
    out.to_csv(OUT_CSV, index=False)
    for key, val in diag.items():
        print(f"{key:28s} {val:.4f}" if isinstance(val, float) else f"{key:28s} {val}")
    prof = out.groupby("month")["load_shape"].sum().to_numpy()
    off = OFFICIAL_2020_MONTHLY / OFFICIAL_2020_MONTHLY.sum()
    print("month  profile%  official2020%  diff_pp")
    for m in range(12):
        print(f"{m + 1:5d}  {100 * prof[m]:8.2f}  {100 * off[m]:13.2f}  {100 * (prof[m] - off[m]):+7.2f}")
    print(f"wrote {OUT_CSV}")


if __name__ == "__main__":
    main()
