// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast bounded fuzz inputs and fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVirtualPowerPlant} from "../../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../../src/interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "../../src/interfaces/IEnergyTrader.sol";
import {IEnergyPriceOracle} from "../../src/interfaces/IEnergyPriceOracle.sol";
import {IGridMarket} from "../../src/interfaces/IGridMarket.sol";
import {SystemDeployment} from "../../script/SystemDeployment.sol";

/// @notice OpenZeppelin's Ownable surface (owner-only paths of the oracle, the market and the root).
interface IOwnableLike {
    error OwnableUnauthorizedAccount(address account);

    function owner() external view returns (address);
}

/// @notice Reference implementation of the trader's decision rule, written from the NatSpec of IEnergyTrader only.
library RefRule {
    /// @dev Floor division towards minus infinity (receipts floor, payments ceil).
    function floorDiv(int256 a, int256 b) internal pure returns (int256 q) {
        q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0))) q -= 1;
    }

    function quote(IVirtualPowerPlant.DispatchState memory s, int256 price, uint32 intervalSeconds)
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
        stateOfChargeAfterWh = s.stateOfChargeWh;
        if (price <= s.chargeBelowPrice) {
            action = IEnergyTrader.Action.Charge;
            uint256 maxGrid = uint256(s.maxChargeW) * intervalSeconds / 3600;
            uint256 headroom = s.capacityWh > s.stateOfChargeWh ? s.capacityWh - s.stateOfChargeWh : 0;
            uint256 need = (headroom * 10_000 + s.roundTripEfficiencyBps - 1) / s.roundTripEfficiencyBps;
            uint256 grid = maxGrid < need ? maxGrid : need;
            uint256 stored = grid * s.roundTripEfficiencyBps / 10_000;
            energyWh = uint64(grid);
            storedDeltaWh = uint64(stored);
            stateOfChargeAfterWh = uint64(s.stateOfChargeWh + stored);
            value = floorDiv(-(int256(grid) * price), 1e6);
        } else if (price >= s.dischargeAbovePrice) {
            action = IEnergyTrader.Action.Discharge;
            uint256 maxGrid = uint256(s.maxDischargeW) * intervalSeconds / 3600;
            uint256 grid = maxGrid < s.stateOfChargeWh ? maxGrid : s.stateOfChargeWh;
            energyWh = uint64(grid);
            storedDeltaWh = uint64(grid);
            stateOfChargeAfterWh = uint64(s.stateOfChargeWh - grid);
            value = floorDiv(int256(grid) * price, 1e6);
        }
    }
}

/// @notice Refuses every ether transfer.
contract EtherRejecter {
    receive() external payable {
        revert("no ether");
    }

    function requestDeposit(IEnergyInvestmentFund fund) external payable {
        fund.requestDeposit{value: msg.value}(msg.value, address(this), address(this));
    }

    function withdraw(IEnergyInvestmentFund fund, address payable to) external returns (uint256) {
        return fund.withdrawDividendsTo(to);
    }
}

/// @notice Shared fixture: deploys the whole system (oracle, market, root, fund, trader) through forge artifacts
///         and wires it the way script/Deploy.s.sol does.
abstract contract Base is Test, SystemDeployment {
    address internal owner = makeAddr("owner");
    address internal admin = makeAddr("admin");
    address internal reporter = makeAddr("reporter");
    address internal stranger = makeAddr("stranger");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal vendor = makeAddr("vendor");
    address internal keeper = makeAddr("keeper");

    IEnergyPriceOracle internal oracle;
    IGridMarket internal market;
    IVirtualPowerPlant internal vpp;
    IEnergyInvestmentFund internal fund;
    IERC20 internal shares;
    IEnergyTrader internal trader;

    uint32 internal constant INTERVAL = 300;
    uint32 internal constant MAX_PRICE_AGE = 600;
    int128 internal constant MIN_PRICE = -10 ether;
    int128 internal constant MAX_PRICE = 100 ether;
    uint16 internal constant MAX_BATCH = 50;
    uint256 internal constant MARKET_LIQUIDITY = 1_000 ether;
    uint256 internal constant START = 1_707_746_400; // 2024-02-12T14:00:00Z = 2024-02-13 00:00 market time (UTC+10)

    int128 internal constant CHARGE_BELOW = 0.01 ether; // wei/MWh
    int128 internal constant DISCHARGE_ABOVE = 0.04 ether; // wei/MWh

    function setUp() public virtual {
        vm.warp(START);
        oracle = IEnergyPriceOracle(
            deployCode("EnergyPriceOracle.sol:EnergyPriceOracle", abi.encode(owner, "VIC1 wholesale price, wei/MWh"))
        );
        market = IGridMarket(deployCode("GridMarket.sol:GridMarket", abi.encode(owner)));
        vpp = _deploySystem(address(this), owner, address(oracle), address(market), _params(), _fundParams());
        fund = vpp.fund();
        shares = IERC20(address(fund));
        trader = vpp.trader();

        vm.startPrank(owner);
        oracle.setReporter(reporter, true);
        market.setFundAuthorized(address(fund), true);
        vpp.addAdmin(admin);
        vm.stopPrank();

        vm.deal(owner, MARKET_LIQUIDITY);
        vm.prank(owner);
        market.deposit{value: MARKET_LIQUIDITY}();

        vm.label(address(oracle), "oracle");
        vm.label(address(market), "market");
        vm.label(address(vpp), "vpp");
        vm.label(address(fund), "fund");
        vm.label(address(trader), "trader");
    }

    // ------------------------------------------------------------------ configuration helpers
    function _params() internal pure virtual returns (IEnergyTrader.TradingParams memory p) {
        p = IEnergyTrader.TradingParams({
            intervalSeconds: INTERVAL,
            maxPriceAge: MAX_PRICE_AGE,
            minValidPrice: MIN_PRICE,
            maxValidPrice: MAX_PRICE,
            maxBatchSize: MAX_BATCH
        });
    }

    uint64 internal constant EPOCH = 1 days;
    uint64 internal constant DELAY = 2 days;
    uint128 internal constant MAX_PURCHASE = 1_000 ether;

    function _fundParams() internal pure virtual returns (IEnergyInvestmentFund.FundParams memory) {
        return
            IEnergyInvestmentFund.FundParams({epochDuration: EPOCH, timelockDelay: DELAY, maxPurchaseWei: MAX_PURCHASE});
    }

    function _config() internal pure returns (IVirtualPowerPlant.BatteryConfig memory c) {
        c = IVirtualPowerPlant.BatteryConfig({
            capacityWh: 13_500,
            maxChargeW: 5_000,
            maxDischargeW: 5_000,
            roundTripEfficiencyBps: 9_000,
            chargeBelowPrice: CHARGE_BELOW,
            dischargeAbovePrice: DISCHARGE_ABOVE,
            active: true,
            serial: bytes32("PW2-0001"),
            metadataURI: "ipfs://battery-1"
        });
    }

    function _config(bytes32 serial) internal pure returns (IVirtualPowerPlant.BatteryConfig memory c) {
        c = _config();
        c.serial = serial;
    }

    // ------------------------------------------------------------------ action helpers
    function _addBattery() internal returns (uint256 id) {
        vm.prank(admin);
        id = vpp.addBattery(_config());
    }

    function _addBattery(IVirtualPowerPlant.BatteryConfig memory c) internal returns (uint256 id) {
        vm.prank(admin);
        id = vpp.addBattery(c);
    }

    /// @dev Deposit request, epoch settlement (time moves to the epoch's close) and claim.
    function _invest(address who, uint256 amount) internal returns (uint256 minted) {
        _request(who, amount);
        _settle();
        uint256 claimable = fund.maxMint(who);
        vm.prank(who);
        minted = fund.mint(claimable, who, who);
    }

    function _request(address who, uint256 amount) internal {
        vm.deal(who, who.balance + amount);
        vm.prank(who);
        fund.requestDeposit{value: amount}(amount, who, who);
    }

    function _settle() internal {
        if (block.timestamp < fund.nextEpochAt()) vm.warp(fund.nextEpochAt());
        vm.prank(keeper);
        fund.settleEpoch();
    }

    /// @dev Timelocked purchase from an allow-listed vendor, executed by the owner.
    function _purchase(address v, uint256 price, uint32 life) internal returns (uint256 id) {
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        vm.startPrank(owner);
        if (!fund.isVendorAllowed(v)) {
            fund.setVendorAllowed(v, true); // takes effect after the timelock
            vm.warp(fund.vendorAllowedAt(v));
        }
        uint256 pid = fund.proposePurchase(v, price, life, c);
        vm.warp(block.timestamp + DELAY);
        id = fund.executePurchase(pid, v, price, life, c);
        vm.stopPrank();
    }

    function _push(int256 price) internal returns (uint80 roundId) {
        vm.prank(reporter);
        roundId = oracle.submitPrice(price);
    }

    function _dispatch(uint256 id) internal {
        uint256[] memory ids = new uint256[](1);
        ids[0] = id;
        vm.prank(keeper);
        trader.dispatch(ids);
    }

    function _ids(uint256 a) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _ids(uint256 a, uint256 b) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        ids[0] = a;
        ids[1] = b;
    }

    /// @dev Moves to the start of the next dispatch interval.
    function _nextInterval() internal {
        vm.warp((block.timestamp / INTERVAL + 1) * INTERVAL);
    }

    /// @dev Realises `amount` wei of trading profit the way the trader does: a positive settlement paid by the market.
    function _earn(uint256 amount) internal {
        vm.prank(address(trader));
        fund.settleBatch(int256(amount), 0, int256(amount), address(market));
    }

    /// @dev Realises a trading loss: the fund pays the market.
    function _lose(uint256 amount) internal {
        vm.prank(address(trader));
        fund.settleBatch(-int256(amount), 0, -int256(amount), address(market));
    }

    /// @dev Schedules a dividend and runs it at the next settlement (time moves to the epoch's close).
    function _declare(uint16 bps) internal returns (uint256 id, uint256 amount) {
        vm.prank(admin);
        fund.declareDividend(bps);
        uint256 before = fund.totalDividendsDeclared();
        _settle();
        id = fund.dividendCount();
        amount = fund.totalDividendsDeclared() - before;
    }

    function _state(uint256 id) internal view returns (IVirtualPowerPlant.DispatchState memory) {
        return vpp.dispatchState(id);
    }

    function _soc(uint256 id) internal view returns (uint64) {
        return vpp.dispatchState(id).stateOfChargeWh;
    }

    /// @dev Charges battery `id` full at a cheap (negative) price, interval by interval.
    function _chargeFull(uint256 id) internal {
        for (uint256 i; i < 100 && _soc(id) < vpp.dispatchState(id).capacityWh; i++) {
            _nextInterval();
            _push(-0.01 ether);
            _dispatch(id);
        }
    }
}
// forge-lint: disable-end(unsafe-typecast)
