// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {IVirtualPowerPlant} from "../interfaces/IVirtualPowerPlant.sol";
import {IEnergyTrader} from "../interfaces/IEnergyTrader.sol";

/// @title EnergyMath
/// @notice The trader's pure decision rule, shared by `EnergyTrader.quote` and reproducible off-chain.
/// @dev Units: energy Wh, power W, efficiency bps (1e4 = 100 %), price wei/MWh (signed), value wei (signed).
///      Rule (see IEnergyTrader):
///      - price <= chargeBelowPrice -> Charge:
///          gridWh   = min(maxChargeW * intervalSeconds / 3600, ceil((capacityWh - socWh) * 10_000 / efficiencyBps))
///          storedWh = gridWh * efficiencyBps / 10_000 (floor), clamped to the room left (never above capacity)
///          value    = floor(-(gridWh * price) / 1e6)
///      - else price >= dischargeAbovePrice -> Discharge:
///          gridWh   = min(maxDischargeW * intervalSeconds / 3600, socWh)  (storedDeltaWh = gridWh, energy removed)
///          value    = floor(gridWh * price / 1e6)
///      - else Idle (all zeros, state of charge unchanged).
///      `value` is floored towards negative infinity: what the fund receives is rounded down and what it pays is
///      rounded up, so the fund never gets more than the exact amount. `gridWh` is capped at type(uint64).max.
///      An efficiency of 0 (never accepted by the VPP) stores nothing.
library EnergyMath {
    /// @notice Wh per MWh, the divisor turning `Wh * wei/MWh` into wei.
    int256 internal constant WH_PER_MWH = 1e6;
    /// @notice 100 % in basis points.
    uint256 internal constant BPS = 10_000;
    /// @notice Seconds per hour (W * s / 3600 = Wh).
    uint256 internal constant SECONDS_PER_HOUR = 3600;

    /// @notice The decision for one battery in one interval at `price`.
    /// @param state The battery's dispatch state.
    /// @param price The price, wei per MWh.
    /// @param intervalSeconds The dispatch interval length, seconds.
    /// @return action Idle, Charge or Discharge.
    /// @return energyWh Energy exchanged with the grid, Wh.
    /// @return storedDeltaWh Energy added to the battery (charge) or removed from it (discharge), Wh.
    /// @return value Signed cash flow of the fund, wei (positive = the fund receives).
    /// @return stateOfChargeAfterWh The state of charge after the decision, Wh.
    function quote(IVirtualPowerPlant.DispatchState memory state, int256 price, uint32 intervalSeconds)
        internal
        pure
        returns (
            IEnergyTrader.Action action,
            uint64 energyWh,
            uint64 storedDeltaWh,
            int256 value,
            uint64 stateOfChargeAfterWh
        )
    {
        uint256 soc = state.stateOfChargeWh;
        if (price <= state.chargeBelowPrice) {
            uint256 room = state.capacityWh > soc ? state.capacityWh - soc : 0;
            uint256 gridWh = uint256(state.maxChargeW) * intervalSeconds / SECONDS_PER_HOUR;
            uint256 eff = state.roundTripEfficiencyBps;
            if (eff != 0) {
                uint256 needed = ceilDiv(room * BPS, eff);
                if (needed < gridWh) gridWh = needed;
            }
            if (gridWh > type(uint64).max) gridWh = type(uint64).max;
            uint256 stored = gridWh * eff / BPS;
            if (stored > room) stored = room;
            // forge-lint: disable-next-line(unsafe-typecast)
            energyWh = uint64(gridWh);
            // forge-lint: disable-next-line(unsafe-typecast)
            storedDeltaWh = uint64(stored);
            // forge-lint: disable-next-line(unsafe-typecast)
            value = floorDiv(-(int256(gridWh) * price), WH_PER_MWH);
            // forge-lint: disable-next-line(unsafe-typecast)
            stateOfChargeAfterWh = uint64(soc + stored);
            action = IEnergyTrader.Action.Charge;
        } else if (price >= state.dischargeAbovePrice) {
            uint256 gridWh = uint256(state.maxDischargeW) * intervalSeconds / SECONDS_PER_HOUR;
            if (gridWh > soc) gridWh = soc;
            // forge-lint: disable-next-line(unsafe-typecast)
            energyWh = uint64(gridWh);
            storedDeltaWh = energyWh;
            // forge-lint: disable-next-line(unsafe-typecast)
            value = floorDiv(int256(gridWh) * price, WH_PER_MWH);
            // forge-lint: disable-next-line(unsafe-typecast)
            stateOfChargeAfterWh = uint64(soc - gridWh);
            action = IEnergyTrader.Action.Discharge;
        } else {
            // forge-lint: disable-next-line(unsafe-typecast)
            stateOfChargeAfterWh = uint64(soc);
            action = IEnergyTrader.Action.Idle;
        }
    }

    /// @notice `a / b` rounded towards negative infinity (`b > 0`).
    /// @param a The dividend.
    /// @param b The divisor, positive.
    /// @return q The floored quotient.
    function floorDiv(int256 a, int256 b) internal pure returns (int256 q) {
        q = a / b;
        if (a % b != 0 && a < 0) q -= 1;
    }

    /// @notice `a / b` rounded up (`b > 0`).
    /// @param a The dividend.
    /// @param b The divisor, positive.
    /// @return The quotient rounded up.
    function ceilDiv(uint256 a, uint256 b) internal pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
