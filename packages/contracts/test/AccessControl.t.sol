// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Tests cast fixed test values on purpose.
// forge-lint: disable-start(unsafe-typecast)

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Base, IOwnableLike} from "./utils/Base.t.sol";
import {IVirtualPowerPlant} from "../src/interfaces/IVirtualPowerPlant.sol";
import {IEnergyInvestmentFund} from "../src/interfaces/IEnergyInvestmentFund.sol";
import {IEnergyTrader} from "../src/interfaces/IEnergyTrader.sol";
import {IEnergyPriceOracle} from "../src/interfaces/IEnergyPriceOracle.sol";
import {IGridMarket} from "../src/interfaces/IGridMarket.sol";
import {IStrategyBook} from "../src/interfaces/IStrategyBook.sol";

interface IOwnable2Step {
    function transferOwnership(address newOwner) external;
    function acceptOwnership() external;
    function renounceOwnership() external;
}

/// @notice The public selectors of a deployed contract, read from its dispatcher (`PUSH4 selector EQ`, or
///         `PUSH4 selector DUP2 EQ`) in the runtime code, metadata excluded: the ground truth of what a contract
///         exposes, whatever its ABI file says.
library Dispatcher {
    function selectors(bytes memory code) internal pure returns (bytes4[] memory out) {
        // the CBOR metadata's length is in the last two bytes
        uint256 end = code.length - 2 - (uint256(uint8(code[code.length - 2])) << 8 | uint8(code[code.length - 1]));
        out = new bytes4[](end / 6 + 1);
        uint256 n;
        for (uint256 i; i < end; ++i) {
            uint8 op = uint8(code[i]);
            if (op == 0x63 && i + 6 < end) {
                uint8 next = uint8(code[i + 5]);
                if (next == 0x14 || (next == 0x81 && uint8(code[i + 6]) == 0x14)) {
                    bytes4 s = bytes4(
                        uint32(uint8(code[i + 1])) << 24 | uint32(uint8(code[i + 2])) << 16 | uint32(uint8(code[i + 3]))
                            << 8 | uint32(uint8(code[i + 4]))
                    );
                    bool seen;
                    for (uint256 k; k < n; ++k) {
                        if (out[k] == s) seen = true;
                    }
                    if (!seen) out[n++] = s;
                }
            }
            if (op >= 0x60 && op <= 0x7f) i += op - 0x5f; // skip PUSH data
        }
        assembly ("memory-safe") {
            mstore(out, n)
        }
    }
}

/// @notice The access matrix of the whole system. Every state-changing external function of VirtualPowerPlant,
///         EnergyInvestmentFund, EnergyTrader (StrategyBook included), EnergyPriceOracle and GridMarket is called
///         by every role from the same fixture (each call from a fresh snapshot); each cell either succeeds or
///         reverts with the exact custom error and arguments. Timelocked functions have a row before and after
///         their eta; the guardian (an admin removed less than one delay ago) has its own column and rows after
///         its window. A second table gives each function's behaviour while the system is paused.
///         Completeness: each matrix and pause test ends by reading the contract's dispatcher from its runtime
///         code; a public selector that is neither a listed view nor a row of that test fails it, so a new
///         function cannot ship without its row.
contract AccessControlTest is Base {
    // ------------------------------------------------------------------ roles (columns)
    uint256 internal constant OWNER = 0;
    uint256 internal constant ADMIN = 1;
    uint256 internal constant GUARDIAN = 2; // admin removed in setUp: a guardian until removal + timelockDelay
    uint256 internal constant PURCHASER = 3; // granted, effective
    uint256 internal constant STRATEGIST = 4; // of profile `profileId`
    uint256 internal constant REPORTER = 5; // of the reference oracle
    uint256 internal constant HOLDER = 6; // alice: shares, dividends owed, a claimable deposit
    uint256 internal constant OPERATOR = 7; // alice's ERC-7540 operator
    uint256 internal constant VENDOR = 8; // allow-listed, owed 1 ETH for a battery
    uint256 internal constant VPP = 9; // system callers: the contracts' own addresses
    uint256 internal constant FUND = 10;
    uint256 internal constant TRADER = 11;
    uint256 internal constant STRANGER = 12;
    uint256 internal constant ROLES = 13;

    string[13] internal roleNames = [
        "owner",
        "admin",
        "guardian",
        "purchaser",
        "strategist",
        "reporter",
        "holder",
        "operator",
        "vendor",
        "vpp",
        "fund",
        "trader",
        "stranger"
    ];

    /// @dev Placeholder replaced by the caller in a row's calldata (functions anyone may call for themselves).
    address internal constant CALLER = address(0xcA11E2CA11E2cA11e2CA11e2CA11E2cA11e2CA11);
    uint64 internal constant UNIT = 2e14;

    address internal guardian = makeAddr("guardian");
    address internal purchaser = makeAddr("purchaser");
    address internal strategist = makeAddr("strategist");
    address internal operatorAcct = makeAddr("operator");
    address internal nextOracle;
    IStrategyBook internal book;

    uint256 internal batteryId; // added by an admin, empty
    uint256 internal purchasedId; // bought from `vendor`, booked at cost
    uint256 internal proposalId; // live purchase proposal, eta in the future
    uint256 internal proposalEta;
    uint256 internal guardianUntil;
    uint32 internal profileId;

    mapping(address target => bytes4[]) internal _covered;

    function setUp() public override {
        super.setUp();
        book = IStrategyBook(address(trader));
        nextOracle = deployCode("EnergyPriceOracle.sol:EnergyPriceOracle", abi.encode(owner, "next feed"));
        vm.startPrank(owner);
        vpp.addAdmin(guardian);
        fund.setVendorAllowed(vendor, true);
        fund.setPurchaser(purchaser, true);
        profileId = book.createProfile(strategist, 162, 9_000);
        vm.stopPrank();
        batteryId = _addBattery();
        _invest(alice, 10 ether);
        vm.warp(fund.vendorAllowedAt(vendor)); // grants effective
        IVirtualPowerPlant.BatteryConfig memory c = _config(bytes32("bought"));
        vm.prank(purchaser);
        uint256 p0 = fund.proposePurchase(vendor, 1 ether, 10, c);
        vm.warp(block.timestamp + DELAY);
        vm.prank(purchaser);
        purchasedId = fund.executePurchase(p0, vendor, 1 ether, 10, c);
        _earn(1 ether);
        _declare(10_000); // alice is owed 1 ETH of dividends
        _earn(1 ether); // earnings cash for a new declaration
        _request(alice, 1 ether);
        _settle(); // alice has a claimable deposit
        // forge-lint: disable-next-line(block-timestamp)
        while (fund.nextEpochAt() <= block.timestamp) {
            _settle(); // the open epoch closes in the future
        }
        vm.prank(alice);
        fund.setOperator(operatorAcct, true);
        vm.prank(owner);
        proposalId = fund.proposePurchase(vendor, 1 ether, 10, _config());
        proposalEta = block.timestamp + DELAY;
        vm.prank(owner);
        vpp.removeAdmin(guardian);
        guardianUntil = block.timestamp + DELAY;
        _nextInterval();
        _push(0.02 ether); // idle price for the current interval

        assertTrue(vpp.isGuardian(guardian) && !vpp.isAdmin(guardian), "fixture: guardian");
        assertTrue(fund.isPurchaser(purchaser), "fixture: purchaser");
        assertGt(fund.withdrawableDividendOf(alice), 0, "fixture: dividends");
        assertGt(fund.maxMint(alice), 0, "fixture: claimable deposit");
        assertEq(fund.vendorBalanceOf(vendor), 1 ether, "fixture: vendor owed");
        assertGt(fund.nextEpochAt(), block.timestamp, "fixture: epoch open");
    }

    // ------------------------------------------------------------------ machinery

    function _who(uint256 role) internal view returns (address) {
        address[13] memory a = [
            owner,
            admin,
            guardian,
            purchaser,
            strategist,
            reporter,
            alice,
            operatorAcct,
            vendor,
            address(vpp),
            address(fund),
            address(trader),
            stranger
        ];
        return a[role];
    }

    /// @dev Replaces every calldata word equal to CALLER with `who`.
    function _sub(bytes memory data, address who) internal pure returns (bytes memory out) {
        out = bytes.concat(data);
        for (uint256 off = 4; off + 32 <= out.length; off += 32) {
            bytes32 w;
            assembly ("memory-safe") {
                w := mload(add(add(out, 32), off))
            }
            if (w == bytes32(uint256(uint160(CALLER)))) {
                bytes32 r = bytes32(uint256(uint160(who)));
                assembly ("memory-safe") {
                    mstore(add(add(out, 32), off), r)
                }
            }
        }
    }

    function _noPrep() internal {}

    /// @dev One row: every role calls `target` with `data` (and `value`) from the same snapshot, after `prep`.
    ///      exp[role] is empty for success, else the exact revert data.
    function _row(
        string memory name,
        address target,
        bytes memory data,
        uint256 value,
        bytes[] memory exp,
        function() internal prep
    ) internal {
        if (data.length >= 4) _covered[target].push(bytes4(data));
        for (uint256 i; i < ROLES; ++i) {
            uint256 snap = vm.snapshotState();
            prep();
            address who = _who(i);
            vm.deal(who, who.balance + value);
            vm.prank(who);
            (bool ok, bytes memory ret) = target.call{value: value}(_sub(data, who));
            string memory cell = string.concat(name, " [", roleNames[i], "]");
            if (exp[i].length == 0) {
                assertTrue(ok, string.concat(cell, " should succeed, reverted ", vm.toString(ret)));
            } else {
                assertFalse(ok, string.concat(cell, " should revert"));
                assertEq(ret, exp[i], cell);
            }
            vm.revertToState(snap);
        }
    }

    /// @dev Roles in `mask` succeed; every other role reverts `err(caller)`.
    function _only(uint256 mask, bytes4 err) internal view returns (bytes[] memory e) {
        e = new bytes[](ROLES);
        for (uint256 i; i < ROLES; ++i) {
            if ((mask >> i) & 1 == 0) e[i] = abi.encodeWithSelector(err, _who(i));
        }
    }

    /// @dev Roles in `mask` succeed; every other role reverts with `err` as given.
    function _onlyFixed(uint256 mask, bytes memory err) internal pure returns (bytes[] memory e) {
        e = new bytes[](ROLES);
        for (uint256 i; i < ROLES; ++i) {
            if ((mask >> i) & 1 == 0) e[i] = err;
        }
    }

    function _anyone() internal pure returns (bytes[] memory) {
        return new bytes[](ROLES);
    }

    /// @dev ERC-20 debit of `amount` from each caller's own balance.
    function _byBalance(uint256 amount) internal view returns (bytes[] memory e) {
        e = new bytes[](ROLES);
        for (uint256 i; i < ROLES; ++i) {
            uint256 bal = shares.balanceOf(_who(i));
            if (bal < amount) {
                e[i] = abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, _who(i), bal, amount);
            }
        }
    }

    function _b(uint256 role) internal pure returns (uint256) {
        return 2 ** role;
    }

    function _sel(string memory sig) internal pure returns (bytes4) {
        return bytes4(keccak256(bytes(sig)));
    }

    /// @dev Every public selector of `target` is a listed view or was covered by a row of this test, and every
    ///      listed view exists.
    function _assertComplete(string memory name, address target, string[] memory views) internal view {
        bytes4[] memory live = Dispatcher.selectors(target.code);
        bytes4[] memory covered = _covered[target];
        assertGt(live.length, views.length, string.concat(name, ": dispatcher not found"));
        for (uint256 i; i < live.length; ++i) {
            bool found;
            for (uint256 k; k < views.length && !found; ++k) {
                found = _sel(views[k]) == live[i];
            }
            for (uint256 k; k < covered.length && !found; ++k) {
                found = covered[k] == live[i];
            }
            assertTrue(
                found,
                string.concat(
                    name, ": selector ", vm.toString(abi.encodePacked(live[i])), " has no row (or list it as a view)"
                )
            );
        }
        for (uint256 k; k < views.length; ++k) {
            bool exists;
            for (uint256 i; i < live.length && !exists; ++i) {
                exists = live[i] == _sel(views[k]);
            }
            assertTrue(exists, string.concat(name, ": listed view ", views[k], " not in the contract"));
        }
        for (uint256 k; k < covered.length; ++k) {
            bool exists;
            for (uint256 i; i < live.length && !exists; ++i) {
                exists = live[i] == covered[k];
            }
            assertTrue(exists, string.concat(name, ": row for a selector not in the contract"));
        }
    }

    // ------------------------------------------------------------------ preparations (run inside each cell)

    function _prepPause() internal {
        vm.prank(admin);
        vpp.pause();
    }

    function _prepOwnershipOfferedToAdmin() internal {
        vm.prank(owner);
        IOwnable2Step(address(vpp)).transferOwnership(admin);
    }

    function _prepPendingDeposit() internal {
        _request(alice, 1 ether);
    }

    function _prepPendingRedeem() internal {
        vm.prank(alice);
        fund.requestRedeem(1 ether, alice, alice);
    }

    function _prepClaimableRedeem() internal {
        _prepPendingRedeem();
        _settle();
    }

    function _prepEpochDue() internal {
        vm.warp(fund.nextEpochAt());
    }

    function _prepDividendScheduled() internal {
        vm.prank(admin);
        fund.declareDividend(5_000);
    }

    function _prepPurchaseDue() internal {
        vm.warp(proposalEta);
    }

    function _prepGuardianExpired() internal {
        vm.warp(guardianUntil);
    }

    function _prepAllowanceToOperator() internal {
        vm.prank(alice);
        shares.approve(operatorAcct, 1);
    }

    function _prepOracleProposed() internal {
        vm.prank(owner);
        trader.proposePriceOracle(nextOracle);
    }

    function _prepMarketProposed() internal {
        vm.prank(owner);
        trader.proposeGridMarket(carol);
    }

    function _prepOracleDue() internal {
        _prepOracleProposed();
        vm.warp(block.timestamp + DELAY);
    }

    function _prepMarketDue() internal {
        _prepMarketProposed();
        vm.warp(block.timestamp + DELAY);
    }

    function _prepMarketProposedAfterGuardianWindow() internal {
        _prepGuardianExpired();
        _prepMarketProposed();
    }

    function _prepTablePublished() internal {
        uint32 n = uint32(trader.currentInterval());
        bytes32[48] memory t;
        vm.prank(strategist);
        book.publishTable(profileId, n, n + 100, UNIT, t);
    }

    function _prepOracleOfferedToAdmin() internal {
        vm.prank(owner);
        IOwnable2Step(address(oracle)).transferOwnership(admin);
    }

    function _prepMarketOfferedToAdmin() internal {
        vm.prank(owner);
        IOwnable2Step(address(market)).transferOwnership(admin);
    }

    // ------------------------------------------------------------------ VirtualPowerPlant

    function test_matrix_VirtualPowerPlant() public {
        address v = address(vpp);
        bytes4 notOwner = IOwnableLike.OwnableUnauthorizedAccount.selector;
        bytes4 notAdmin = IVirtualPowerPlant.NotAdmin.selector;
        uint256 admins = _b(OWNER) | _b(ADMIN);

        _row(
            "addAdmin", v, abi.encodeCall(IVirtualPowerPlant.addAdmin, (carol)), 0, _only(_b(OWNER), notOwner), _noPrep
        );
        _row(
            "removeAdmin",
            v,
            abi.encodeCall(IVirtualPowerPlant.removeAdmin, (admin)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        // guardians veto, they do not pause
        _row("pause", v, abi.encodeCall(IVirtualPowerPlant.pause, ()), 0, _only(admins, notAdmin), _noPrep);
        _row("unpause", v, abi.encodeCall(IVirtualPowerPlant.unpause, ()), 0, _only(_b(OWNER), notOwner), _prepPause);
        bytes[] memory e = _only(0, notOwner);
        e[OWNER] = abi.encodeWithSelector(IVirtualPowerPlant.SystemNotPaused.selector);
        _row("unpause (not paused)", v, abi.encodeCall(IVirtualPowerPlant.unpause, ()), 0, e, _noPrep);
        _row(
            "addBattery",
            v,
            abi.encodeCall(IVirtualPowerPlant.addBattery, (_config())),
            0,
            _only(admins, notAdmin),
            _noPrep
        );
        _row(
            "updateBattery",
            v,
            abi.encodeCall(IVirtualPowerPlant.updateBattery, (batteryId, _config())),
            0,
            _only(admins, notAdmin),
            _noPrep
        );
        _row(
            "decommissionBattery",
            v,
            abi.encodeCall(IVirtualPowerPlant.decommissionBattery, (batteryId)),
            0,
            _only(admins, notAdmin),
            _noPrep
        );
        _row(
            "registerPurchasedBattery",
            v,
            abi.encodeCall(IVirtualPowerPlant.registerPurchasedBattery, (_config(), carol)),
            0,
            _only(_b(FUND), IVirtualPowerPlant.NotFund.selector),
            _noPrep
        );
        // nobody: the owner gets RenounceDisabled
        e = _only(0, notOwner);
        e[OWNER] = abi.encodeWithSelector(IVirtualPowerPlant.RenounceDisabled.selector);
        _row("renounceOwnership", v, abi.encodeCall(IOwnable2Step.renounceOwnership, ()), 0, e, _noPrep);
        _row(
            "transferOwnership",
            v,
            abi.encodeCall(IOwnable2Step.transferOwnership, (carol)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        _row(
            "acceptOwnership",
            v,
            abi.encodeCall(IOwnable2Step.acceptOwnership, ()),
            0,
            _only(_b(ADMIN), notOwner),
            _prepOwnershipOfferedToAdmin
        );
        _assertComplete("VirtualPowerPlant", v, _vppViews());
    }

    // ------------------------------------------------------------------ EnergyInvestmentFund

    function test_matrix_EnergyInvestmentFund() public {
        address f = address(fund);
        bytes4 notAuthorized = IEnergyInvestmentFund.NotAuthorized.selector;
        uint256 controller = _b(HOLDER) | _b(OPERATOR);
        bytes memory nothing = abi.encodeWithSelector(IEnergyInvestmentFund.NothingToWithdraw.selector);

        // anyone deposits for themselves; only the owner of the ether may be `owner`
        _row(
            "requestDeposit",
            f,
            abi.encodeCall(IEnergyInvestmentFund.requestDeposit, (1 ether, CALLER, CALLER)),
            1 ether,
            _anyone(),
            _noPrep
        );
        _row(
            "requestDeposit (owner = alice)",
            f,
            abi.encodeCall(IEnergyInvestmentFund.requestDeposit, (1 ether, CALLER, alice)),
            1 ether,
            _only(_b(HOLDER), notAuthorized),
            _noPrep
        );
        // the fund's own address holds the escrowed deposit shares; it never calls itself (unreachable cells)
        _row(
            "requestRedeem",
            f,
            abi.encodeCall(IEnergyInvestmentFund.requestRedeem, (2 ether, CALLER, CALLER)),
            0,
            _byBalance(2 ether),
            _noPrep
        );
        bytes[] memory e = new bytes[](ROLES);
        for (uint256 i; i < ROLES; ++i) {
            if (i != HOLDER && i != OPERATOR) {
                e[i] = abi.encodeWithSelector(
                    IERC20Errors.ERC20InsufficientAllowance.selector, _who(i), uint256(0), uint256(1 ether)
                );
            }
        }
        _row(
            "requestRedeem (owner = alice)",
            f,
            abi.encodeCall(IEnergyInvestmentFund.requestRedeem, (1 ether, alice, alice)),
            0,
            e,
            _noPrep
        );
        _row(
            "cancelDepositRequest",
            f,
            abi.encodeCall(IEnergyInvestmentFund.cancelDepositRequest, (alice, payable(alice))),
            0,
            _only(controller, notAuthorized),
            _prepPendingDeposit
        );
        _row(
            "cancelRedeemRequest",
            f,
            abi.encodeCall(IEnergyInvestmentFund.cancelRedeemRequest, (alice, alice)),
            0,
            _only(controller, notAuthorized),
            _prepPendingRedeem
        );
        _row("setOperator", f, abi.encodeCall(IEnergyInvestmentFund.setOperator, (carol, true)), 0, _anyone(), _noPrep);
        _row(
            "deposit",
            f,
            abi.encodeCall(IEnergyInvestmentFund.deposit, (fund.maxDeposit(alice), alice, alice)),
            0,
            _only(controller, notAuthorized),
            _noPrep
        );
        _row(
            "mint",
            f,
            abi.encodeCall(IEnergyInvestmentFund.mint, (fund.maxMint(alice), alice, alice)),
            0,
            _only(controller, notAuthorized),
            _noPrep
        );
        _row(
            "redeem",
            f,
            abi.encodeCall(IEnergyInvestmentFund.redeem, (0.5 ether, payable(alice), alice)),
            0,
            _only(controller, notAuthorized),
            _prepClaimableRedeem
        );
        _row(
            "withdraw",
            f,
            abi.encodeCall(IEnergyInvestmentFund.withdraw, (0.1 ether, payable(alice), alice)),
            0,
            _only(controller, notAuthorized),
            _prepClaimableRedeem
        );
        _row("settleEpoch", f, abi.encodeCall(IEnergyInvestmentFund.settleEpoch, ()), 0, _anyone(), _prepEpochDue);
        _row(
            "settleEpoch (not due)",
            f,
            abi.encodeCall(IEnergyInvestmentFund.settleEpoch, ()),
            0,
            _onlyFixed(0, abi.encodeWithSelector(IEnergyInvestmentFund.EpochNotDue.selector, fund.nextEpochAt())),
            _noPrep
        );
        // dividends: only alice is owed. The fund's own address is excluded by the view (withdrawableDividendOf)
        // but not by the write path: pranked as the fund, its escrowed shares look owed since mdps 0. Unreachable
        // (the fund never calls itself); withdrawDividends to itself fails on its own receive().
        uint256 fundPhantom = Math.mulDiv(shares.balanceOf(address(fund)), fund.magnifiedDividendPerShare(), 2 ** 64);
        assertGt(fundPhantom, 0);
        e = _onlyFixed(_b(HOLDER), nothing);
        e[FUND] = abi.encodeWithSelector(IEnergyInvestmentFund.EtherTransferFailed.selector, address(fund), fundPhantom);
        _row("withdrawDividends", f, abi.encodeCall(IEnergyInvestmentFund.withdrawDividends, ()), 0, e, _noPrep);
        _row(
            "withdrawDividendsTo",
            f,
            abi.encodeCall(IEnergyInvestmentFund.withdrawDividendsTo, (payable(carol))),
            0,
            _onlyFixed(_b(HOLDER) | _b(FUND), nothing),
            _noPrep
        );
        // shares: the fund's address holds escrow (unreachable cells, as above)
        _row("transfer", f, abi.encodeCall(IERC20.transfer, (carol, 1)), 0, _byBalance(1), _noPrep);
        e = new bytes[](ROLES);
        for (uint256 i; i < ROLES; ++i) {
            if (i != OPERATOR) {
                e[i] = abi.encodeWithSelector(
                    IERC20Errors.ERC20InsufficientAllowance.selector, _who(i), uint256(0), uint256(1)
                );
            }
        }
        _row("transferFrom", f, abi.encodeCall(IERC20.transferFrom, (alice, carol, 1)), 0, e, _prepAllowanceToOperator);
        _row("approve", f, abi.encodeCall(IERC20.approve, (carol, 1)), 0, _anyone(), _noPrep);
        // plain ether: only the market paying inside a settlement
        e = new bytes[](ROLES);
        for (uint256 i; i < ROLES; ++i) {
            e[i] = abi.encodeWithSelector(IEnergyInvestmentFund.DirectEtherRejected.selector, _who(i));
        }
        _row("receive", f, "", 1, e, _noPrep);
        // governance rows (admins, purchasers, guardians, system hooks)
        _fundGovernanceRows();
        _assertComplete("EnergyInvestmentFund", f, _fundViews());
    }

    function _fundGovernanceRows() internal {
        address f = address(fund);
        bytes4 notAdmin = IEnergyInvestmentFund.NotAdmin.selector;
        bytes4 notOwner = IEnergyInvestmentFund.NotOwner.selector;
        bytes4 notPurchaser = IEnergyInvestmentFund.NotPurchaser.selector;
        uint256 admins = _b(OWNER) | _b(ADMIN);
        uint256 guardians = admins | _b(GUARDIAN);
        uint256 buyers = _b(OWNER) | _b(PURCHASER);
        IVirtualPowerPlant.BatteryConfig memory c = _config();

        _row(
            "declareDividend",
            f,
            abi.encodeCall(IEnergyInvestmentFund.declareDividend, (5_000)),
            0,
            _only(admins, notAdmin),
            _noPrep
        );
        _row(
            "returnCapital",
            f,
            abi.encodeCall(IEnergyInvestmentFund.returnCapital, (1 ether)),
            0,
            _only(admins, notAdmin),
            _noPrep
        );
        // distributions move no ether to the canceller: admins only (not guardians)
        _row(
            "cancelDistributions",
            f,
            abi.encodeCall(IEnergyInvestmentFund.cancelDistributions, ()),
            0,
            _only(admins, notAdmin),
            _prepDividendScheduled
        );
        _row(
            "proposePurchase",
            f,
            abi.encodeCall(IEnergyInvestmentFund.proposePurchase, (vendor, 1 ether, 10, c)),
            0,
            _only(buyers, notPurchaser),
            _noPrep
        );
        bytes memory call = abi.encodeCall(IEnergyInvestmentFund.executePurchase, (proposalId, vendor, 1 ether, 10, c));
        bytes[] memory e = _only(0, notPurchaser);
        e[OWNER] = abi.encodeWithSelector(IEnergyInvestmentFund.TimelockNotElapsed.selector, proposalEta);
        e[PURCHASER] = e[OWNER];
        _row("executePurchase (before eta)", f, call, 0, e, _noPrep);
        _row("executePurchase (at eta)", f, call, 0, _only(buyers, notPurchaser), _prepPurchaseDue);
        _row(
            "cancelPurchase",
            f,
            abi.encodeCall(IEnergyInvestmentFund.cancelPurchase, (proposalId)),
            0,
            _only(guardians | _b(PURCHASER), notAdmin),
            _noPrep
        );
        _row(
            "cancelPurchase (guardian window over)",
            f,
            abi.encodeCall(IEnergyInvestmentFund.cancelPurchase, (proposalId)),
            0,
            _only(admins | _b(PURCHASER), notAdmin),
            _prepGuardianExpired
        );
        // grants: owner only, effective after the delay; revocations: any guardian, immediate
        _row(
            "setVendorAllowed (grant)",
            f,
            abi.encodeCall(IEnergyInvestmentFund.setVendorAllowed, (carol, true)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        _row(
            "setVendorAllowed (revoke)",
            f,
            abi.encodeCall(IEnergyInvestmentFund.setVendorAllowed, (vendor, false)),
            0,
            _only(guardians, notAdmin),
            _noPrep
        );
        _row(
            "setPurchaser (grant)",
            f,
            abi.encodeCall(IEnergyInvestmentFund.setPurchaser, (carol, true)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        _row(
            "setPurchaser (revoke)",
            f,
            abi.encodeCall(IEnergyInvestmentFund.setPurchaser, (purchaser, false)),
            0,
            _only(guardians, notAdmin),
            _noPrep
        );
        _row(
            "withdrawVendorPayment",
            f,
            abi.encodeCall(IEnergyInvestmentFund.withdrawVendorPayment, (payable(carol))),
            0,
            _onlyFixed(_b(VENDOR), abi.encodeWithSelector(IEnergyInvestmentFund.NothingToWithdraw.selector)),
            _noPrep
        );
        _row(
            "settleBatch",
            f,
            abi.encodeCall(IEnergyInvestmentFund.settleBatch, (-0.1 ether, 0.1 ether, 0, address(market))),
            0,
            _only(_b(TRADER), IEnergyInvestmentFund.NotTrader.selector),
            _noPrep
        );
        _row(
            "writeOffBattery",
            f,
            abi.encodeCall(IEnergyInvestmentFund.writeOffBattery, (purchasedId)),
            0,
            _only(_b(VPP), IEnergyInvestmentFund.NotVpp.selector),
            _noPrep
        );
    }

    // ------------------------------------------------------------------ EnergyTrader (StrategyBook included)

    function test_matrix_EnergyTrader() public {
        address t = address(trader);
        bytes4 notAdmin = IEnergyTrader.NotAdmin.selector;
        bytes4 notOwner = IEnergyTrader.NotOwner.selector;
        uint256 admins = _b(OWNER) | _b(ADMIN);
        IEnergyTrader.TradingParams memory p = _params();
        p.maxBatchSize = 10;

        _row(
            "setTradingParams",
            t,
            abi.encodeCall(IEnergyTrader.setTradingParams, (p)),
            0,
            _only(admins, notAdmin),
            _noPrep
        );
        _row(
            "proposePriceOracle",
            t,
            abi.encodeCall(IEnergyTrader.proposePriceOracle, (nextOracle)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        _row(
            "proposeGridMarket",
            t,
            abi.encodeCall(IEnergyTrader.proposeGridMarket, (carol)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        bytes[] memory e = _only(0, notOwner);
        e[OWNER] = abi.encodeWithSelector(IEnergyTrader.TimelockNotElapsed.selector, block.timestamp + DELAY);
        _row(
            "executePriceOracle (before eta)",
            t,
            abi.encodeCall(IEnergyTrader.executePriceOracle, ()),
            0,
            e,
            _prepOracleProposed
        );
        _row(
            "executeGridMarket (before eta)",
            t,
            abi.encodeCall(IEnergyTrader.executeGridMarket, ()),
            0,
            e,
            _prepMarketProposed
        );
        _row(
            "executePriceOracle (at eta)",
            t,
            abi.encodeCall(IEnergyTrader.executePriceOracle, ()),
            0,
            _only(_b(OWNER), notOwner),
            _prepOracleDue
        );
        _row(
            "executeGridMarket (at eta)",
            t,
            abi.encodeCall(IEnergyTrader.executeGridMarket, ()),
            0,
            _only(_b(OWNER), notOwner),
            _prepMarketDue
        );
        // guardians veto swaps, like the fund's purchases (a removed admin keeps the veto for one delay)
        _row(
            "cancelPendingChange (oracle)",
            t,
            abi.encodeCall(IEnergyTrader.cancelPendingChange, (true)),
            0,
            _only(admins | _b(GUARDIAN), notAdmin),
            _prepOracleProposed
        );
        _row(
            "cancelPendingChange (market)",
            t,
            abi.encodeCall(IEnergyTrader.cancelPendingChange, (false)),
            0,
            _only(admins | _b(GUARDIAN), notAdmin),
            _prepMarketProposed
        );
        _row(
            "cancelPendingChange (guardian window over)",
            t,
            abi.encodeCall(IEnergyTrader.cancelPendingChange, (false)),
            0,
            _only(admins, notAdmin),
            _prepMarketProposedAfterGuardianWindow
        );
        _row(
            "initBatteryState",
            t,
            abi.encodeCall(IEnergyTrader.initBatteryState, (99)),
            0,
            _only(_b(VPP), IEnergyTrader.NotVpp.selector),
            _noPrep
        );
        // permissionless: the outcome is fixed by the oracle and the fleet
        _row(
            "dispatch", t, abi.encodeCall(IEnergyTrader.dispatch, (_ids(batteryId, purchasedId))), 0, _anyone(), _noPrep
        );
        _row(
            "performUpkeep",
            t,
            abi.encodeCall(IEnergyTrader.performUpkeep, (abi.encode(trader.currentInterval(), _ids(batteryId)))),
            0,
            _anyone(),
            _noPrep
        );
        // strategy book: the owner creates profiles and names strategists, admins assign, strategists publish
        _row(
            "createProfile",
            t,
            abi.encodeCall(IStrategyBook.createProfile, (carol, 60, 9_000)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        _row(
            "setStrategist",
            t,
            abi.encodeCall(IStrategyBook.setStrategist, (profileId, carol)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        _row(
            "setBatteryProfile",
            t,
            abi.encodeCall(IStrategyBook.setBatteryProfile, (batteryId, profileId)),
            0,
            _only(admins, notAdmin),
            _noPrep
        );
        e = new bytes[](ROLES);
        for (uint256 i; i < ROLES; ++i) {
            if (i != STRATEGIST) {
                e[i] = abi.encodeWithSelector(IStrategyBook.NotStrategist.selector, profileId, _who(i));
            }
        }
        uint32 n = uint32(trader.currentInterval());
        bytes32[48] memory table;
        _row(
            "publishTable",
            t,
            abi.encodeCall(IStrategyBook.publishTable, (profileId, n, n + 10, UNIT, table)),
            0,
            e,
            _noPrep
        );
        _row(
            "updateBlocks",
            t,
            abi.encodeCall(IStrategyBook.updateBlocks, (profileId, 0, new bytes32[](1), n + 20)),
            0,
            e,
            _prepTablePublished
        );
        _assertComplete("EnergyTrader", t, _traderViews());
    }

    // ------------------------------------------------------------------ reference oracle and market

    function test_matrix_EnergyPriceOracle() public {
        address o = address(oracle);
        bytes4 notOwner = IOwnableLike.OwnableUnauthorizedAccount.selector;
        _row(
            "submitPrice",
            o,
            abi.encodeCall(IEnergyPriceOracle.submitPrice, (1 ether)),
            0,
            _only(_b(REPORTER), IEnergyPriceOracle.NotReporter.selector),
            _noPrep
        );
        _row(
            "setReporter",
            o,
            abi.encodeCall(IEnergyPriceOracle.setReporter, (carol, true)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        // the reference feed keeps OpenZeppelin's renounce (reporters keep reporting; the trader swaps feeds)
        _ownable2StepRows(o, _prepOracleOfferedToAdmin);
        _assertComplete("EnergyPriceOracle", o, _oracleViews());
    }

    /// @dev OpenZeppelin's Ownable2Step as the reference oracle and market use it: owner transfers (admin accepts
    ///      after `offerToAdmin`) and renounces.
    function _ownable2StepRows(address target, function() internal offerToAdmin) internal {
        bytes4 notOwner = IOwnableLike.OwnableUnauthorizedAccount.selector;
        bytes[] memory ownerOnly = _only(_b(OWNER), notOwner);
        _row(
            "transferOwnership", target, abi.encodeCall(IOwnable2Step.transferOwnership, (carol)), 0, ownerOnly, _noPrep
        );
        bytes[] memory e = _only(_b(ADMIN), notOwner);
        _row("acceptOwnership", target, abi.encodeCall(IOwnable2Step.acceptOwnership, ()), 0, e, offerToAdmin);
        _row("renounceOwnership", target, abi.encodeCall(IOwnable2Step.renounceOwnership, ()), 0, ownerOnly, _noPrep);
    }

    function test_matrix_GridMarket() public {
        address m = address(market);
        bytes4 notOwner = IOwnableLike.OwnableUnauthorizedAccount.selector;
        bytes4 notFund = IGridMarket.NotAuthorizedFund.selector;
        _row("deposit", m, abi.encodeCall(IGridMarket.deposit, ()), 1, _anyone(), _noPrep);
        _row("receive", m, "", 1, _anyone(), _noPrep);
        _row(
            "withdraw",
            m,
            abi.encodeCall(IGridMarket.withdraw, (payable(carol), 1)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        _row(
            "setFundAuthorized",
            m,
            abi.encodeCall(IGridMarket.setFundAuthorized, (carol, true)),
            0,
            _only(_b(OWNER), notOwner),
            _noPrep
        );
        // the fund accepts the market's ether only inside its own settleBatch
        bytes[] memory e = _only(0, notFund);
        e[FUND] = abi.encodeWithSelector(IGridMarket.EtherTransferFailed.selector, address(fund), uint256(1));
        _row("payFund", m, abi.encodeCall(IGridMarket.payFund, (1)), 0, e, _noPrep);
        _row("receivePayment", m, abi.encodeCall(IGridMarket.receivePayment, ()), 1, _only(_b(FUND), notFund), _noPrep);
        _ownable2StepRows(m, _prepMarketOfferedToAdmin);
        _assertComplete("GridMarket", m, _marketViews());
    }

    // ------------------------------------------------------------------ pause table

    /// @dev While paused (after `prep`), `role` calls `target`: empty `expected` = success.
    function _paused(
        string memory name,
        uint256 role,
        address target,
        bytes memory data,
        uint256 value,
        function() internal prep,
        bytes memory expected
    ) internal {
        if (data.length >= 4) _covered[target].push(bytes4(data));
        uint256 snap = vm.snapshotState();
        prep();
        if (!vpp.paused()) _prepPause();
        address who = _who(role);
        vm.deal(who, who.balance + value);
        vm.prank(who);
        (bool ok, bytes memory ret) = target.call{value: value}(_sub(data, who));
        string memory cell = string.concat(name, " while paused [", roleNames[role], "]");
        if (expected.length == 0) {
            assertTrue(ok, string.concat(cell, " should succeed, reverted ", vm.toString(ret)));
        } else {
            assertFalse(ok, string.concat(cell, " should revert"));
            assertEq(ret, expected, cell);
        }
        vm.revertToState(snap);
    }

    bytes internal constant WORKS = "";

    function test_pause_VirtualPowerPlant() public {
        address v = address(vpp);
        bytes memory stopped = abi.encodeWithSelector(IVirtualPowerPlant.SystemIsPaused.selector);
        // roles stay manageable while paused (a compromised admin can be removed)
        _paused("addAdmin", OWNER, v, abi.encodeCall(IVirtualPowerPlant.addAdmin, (carol)), 0, _noPrep, WORKS);
        _paused("removeAdmin", OWNER, v, abi.encodeCall(IVirtualPowerPlant.removeAdmin, (admin)), 0, _noPrep, WORKS);
        _paused("pause", ADMIN, v, abi.encodeCall(IVirtualPowerPlant.pause, ()), 0, _noPrep, stopped);
        _paused("unpause", OWNER, v, abi.encodeCall(IVirtualPowerPlant.unpause, ()), 0, _noPrep, WORKS);
        _paused("addBattery", ADMIN, v, abi.encodeCall(IVirtualPowerPlant.addBattery, (_config())), 0, _noPrep, stopped);
        _paused(
            "updateBattery",
            ADMIN,
            v,
            abi.encodeCall(IVirtualPowerPlant.updateBattery, (batteryId, _config())),
            0,
            _noPrep,
            stopped
        );
        _paused(
            "decommissionBattery",
            ADMIN,
            v,
            abi.encodeCall(IVirtualPowerPlant.decommissionBattery, (batteryId)),
            0,
            _noPrep,
            stopped
        );
        _paused(
            "registerPurchasedBattery",
            FUND,
            v,
            abi.encodeCall(IVirtualPowerPlant.registerPurchasedBattery, (_config(), owner)),
            0,
            _noPrep,
            stopped
        );
        _paused(
            "renounceOwnership",
            OWNER,
            v,
            abi.encodeCall(IOwnable2Step.renounceOwnership, ()),
            0,
            _noPrep,
            abi.encodeWithSelector(IVirtualPowerPlant.RenounceDisabled.selector)
        );
        _paused(
            "transferOwnership", OWNER, v, abi.encodeCall(IOwnable2Step.transferOwnership, (carol)), 0, _noPrep, WORKS
        );
        _paused(
            "acceptOwnership",
            ADMIN,
            v,
            abi.encodeCall(IOwnable2Step.acceptOwnership, ()),
            0,
            _prepOwnershipOfferedToAdmin,
            WORKS
        );
        _assertComplete("VirtualPowerPlant (pause)", v, _vppViews());
    }

    /// A pause stops new money in, settlements, share transfers, distributions and purchases; it never locks money
    /// already owed: cancels, claims, dividend and vendor withdrawals all work.
    function test_pause_EnergyInvestmentFund() public {
        address f = address(fund);
        bytes memory stopped = abi.encodeWithSelector(IEnergyInvestmentFund.SystemIsPaused.selector);
        IVirtualPowerPlant.BatteryConfig memory c = _config();
        _paused(
            "requestDeposit",
            HOLDER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.requestDeposit, (1 ether, alice, alice)),
            1 ether,
            _noPrep,
            stopped
        );
        _paused(
            "requestRedeem",
            HOLDER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.requestRedeem, (1 ether, alice, alice)),
            0,
            _noPrep,
            stopped
        );
        _paused(
            "cancelDepositRequest",
            HOLDER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.cancelDepositRequest, (alice, payable(alice))),
            0,
            _prepPendingDeposit,
            WORKS
        );
        _paused(
            "cancelRedeemRequest",
            HOLDER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.cancelRedeemRequest, (alice, alice)),
            0,
            _prepPendingRedeem,
            WORKS
        );
        _paused(
            "setOperator",
            HOLDER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.setOperator, (carol, true)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "deposit",
            HOLDER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.deposit, (fund.maxDeposit(alice), alice, alice)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "mint",
            OPERATOR,
            f,
            abi.encodeCall(IEnergyInvestmentFund.mint, (fund.maxMint(alice), alice, alice)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "redeem",
            HOLDER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.redeem, (0.5 ether, payable(alice), alice)),
            0,
            _prepClaimableRedeem,
            WORKS
        );
        _paused(
            "withdraw",
            OPERATOR,
            f,
            abi.encodeCall(IEnergyInvestmentFund.withdraw, (0.1 ether, payable(alice), alice)),
            0,
            _prepClaimableRedeem,
            WORKS
        );
        _paused(
            "settleEpoch", STRANGER, f, abi.encodeCall(IEnergyInvestmentFund.settleEpoch, ()), 0, _prepEpochDue, stopped
        );
        _paused(
            "declareDividend",
            ADMIN,
            f,
            abi.encodeCall(IEnergyInvestmentFund.declareDividend, (5_000)),
            0,
            _noPrep,
            stopped
        );
        _paused(
            "returnCapital",
            ADMIN,
            f,
            abi.encodeCall(IEnergyInvestmentFund.returnCapital, (1 ether)),
            0,
            _noPrep,
            stopped
        );
        _paused(
            "cancelDistributions",
            ADMIN,
            f,
            abi.encodeCall(IEnergyInvestmentFund.cancelDistributions, ()),
            0,
            _prepDividendScheduled,
            WORKS
        );
        _paused(
            "withdrawDividends",
            HOLDER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.withdrawDividends, ()),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "withdrawDividendsTo",
            HOLDER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.withdrawDividendsTo, (payable(carol))),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "proposePurchase",
            PURCHASER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.proposePurchase, (vendor, 1 ether, 10, c)),
            0,
            _noPrep,
            stopped
        );
        _paused(
            "executePurchase",
            OWNER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.executePurchase, (proposalId, vendor, 1 ether, 10, c)),
            0,
            _prepPurchaseDue,
            stopped
        );
        _paused(
            "cancelPurchase",
            GUARDIAN,
            f,
            abi.encodeCall(IEnergyInvestmentFund.cancelPurchase, (proposalId)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "setVendorAllowed (revoke)",
            GUARDIAN,
            f,
            abi.encodeCall(IEnergyInvestmentFund.setVendorAllowed, (vendor, false)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "setPurchaser (grant)",
            OWNER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.setPurchaser, (carol, true)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "withdrawVendorPayment",
            VENDOR,
            f,
            abi.encodeCall(IEnergyInvestmentFund.withdrawVendorPayment, (payable(vendor))),
            0,
            _noPrep,
            WORKS
        );
        // system hooks do not check the pause themselves: their only callers (dispatch, decommission) do
        _paused(
            "settleBatch",
            TRADER,
            f,
            abi.encodeCall(IEnergyInvestmentFund.settleBatch, (-0.1 ether, 0.1 ether, 0, address(market))),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "writeOffBattery",
            VPP,
            f,
            abi.encodeCall(IEnergyInvestmentFund.writeOffBattery, (purchasedId)),
            0,
            _noPrep,
            WORKS
        );
        _paused("transfer", HOLDER, f, abi.encodeCall(IERC20.transfer, (carol, 1)), 0, _noPrep, stopped);
        _paused(
            "transferFrom",
            OPERATOR,
            f,
            abi.encodeCall(IERC20.transferFrom, (alice, carol, 1)),
            0,
            _prepAllowanceToOperator,
            stopped
        );
        _paused("approve", HOLDER, f, abi.encodeCall(IERC20.approve, (carol, 1)), 0, _noPrep, WORKS);
        _assertComplete("EnergyInvestmentFund (pause)", f, _fundViews());
    }

    function test_pause_EnergyTrader() public {
        address t = address(trader);
        bytes memory stopped = abi.encodeWithSelector(IEnergyTrader.SystemIsPaused.selector);
        IEnergyTrader.TradingParams memory p = _params();
        p.maxBatchSize = 10;
        // configuration and governance stay available (a broken feed can be swapped out while paused)
        _paused("setTradingParams", ADMIN, t, abi.encodeCall(IEnergyTrader.setTradingParams, (p)), 0, _noPrep, WORKS);
        _paused(
            "proposePriceOracle",
            OWNER,
            t,
            abi.encodeCall(IEnergyTrader.proposePriceOracle, (nextOracle)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "proposeGridMarket", OWNER, t, abi.encodeCall(IEnergyTrader.proposeGridMarket, (carol)), 0, _noPrep, WORKS
        );
        _paused(
            "executePriceOracle",
            OWNER,
            t,
            abi.encodeCall(IEnergyTrader.executePriceOracle, ()),
            0,
            _prepOracleDue,
            WORKS
        );
        _paused(
            "executeGridMarket", OWNER, t, abi.encodeCall(IEnergyTrader.executeGridMarket, ()), 0, _prepMarketDue, WORKS
        );
        _paused(
            "cancelPendingChange",
            GUARDIAN,
            t,
            abi.encodeCall(IEnergyTrader.cancelPendingChange, (false)),
            0,
            _prepMarketProposed,
            WORKS
        );
        _paused("initBatteryState", VPP, t, abi.encodeCall(IEnergyTrader.initBatteryState, (99)), 0, _noPrep, WORKS);
        _paused("dispatch", STRANGER, t, abi.encodeCall(IEnergyTrader.dispatch, (_ids(batteryId))), 0, _noPrep, stopped);
        _paused(
            "performUpkeep",
            STRANGER,
            t,
            abi.encodeCall(IEnergyTrader.performUpkeep, (abi.encode(trader.currentInterval(), _ids(batteryId)))),
            0,
            _noPrep,
            stopped
        );
        _paused(
            "createProfile",
            OWNER,
            t,
            abi.encodeCall(IStrategyBook.createProfile, (carol, 60, 9_000)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "setStrategist",
            OWNER,
            t,
            abi.encodeCall(IStrategyBook.setStrategist, (profileId, carol)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "setBatteryProfile",
            ADMIN,
            t,
            abi.encodeCall(IStrategyBook.setBatteryProfile, (batteryId, profileId)),
            0,
            _noPrep,
            WORKS
        );
        uint32 n = uint32(trader.currentInterval());
        bytes32[48] memory table;
        _paused(
            "publishTable",
            STRATEGIST,
            t,
            abi.encodeCall(IStrategyBook.publishTable, (profileId, n, n + 10, UNIT, table)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "updateBlocks",
            STRATEGIST,
            t,
            abi.encodeCall(IStrategyBook.updateBlocks, (profileId, 0, new bytes32[](1), n + 20)),
            0,
            _prepTablePublished,
            WORKS
        );
        _assertComplete("EnergyTrader (pause)", t, _traderViews());
    }

    /// The reference oracle and market are outside the VPP's pause (they serve any consumer).
    function test_pause_referenceOracleAndMarketUnaffected() public {
        address o = address(oracle);
        address m = address(market);
        _paused(
            "submitPrice", REPORTER, o, abi.encodeCall(IEnergyPriceOracle.submitPrice, (1 ether)), 0, _noPrep, WORKS
        );
        _paused(
            "setReporter", OWNER, o, abi.encodeCall(IEnergyPriceOracle.setReporter, (carol, true)), 0, _noPrep, WORKS
        );
        _paused(
            "transferOwnership", OWNER, o, abi.encodeCall(IOwnable2Step.transferOwnership, (carol)), 0, _noPrep, WORKS
        );
        _paused(
            "acceptOwnership",
            ADMIN,
            o,
            abi.encodeCall(IOwnable2Step.acceptOwnership, ()),
            0,
            _prepOracleOfferedToAdmin,
            WORKS
        );
        _paused("renounceOwnership", OWNER, o, abi.encodeCall(IOwnable2Step.renounceOwnership, ()), 0, _noPrep, WORKS);
        _assertComplete("EnergyPriceOracle (pause)", o, _oracleViews());
        _paused("deposit", STRANGER, m, abi.encodeCall(IGridMarket.deposit, ()), 1, _noPrep, WORKS);
        _paused("withdraw", OWNER, m, abi.encodeCall(IGridMarket.withdraw, (payable(carol), 1)), 0, _noPrep, WORKS);
        _paused(
            "setFundAuthorized",
            OWNER,
            m,
            abi.encodeCall(IGridMarket.setFundAuthorized, (carol, true)),
            0,
            _noPrep,
            WORKS
        );
        _paused(
            "payFund",
            FUND,
            m,
            abi.encodeCall(IGridMarket.payFund, (1)),
            0,
            _noPrep,
            abi.encodeWithSelector(IGridMarket.EtherTransferFailed.selector, address(fund), uint256(1))
        );
        _paused("receivePayment", FUND, m, abi.encodeCall(IGridMarket.receivePayment, ()), 1, _noPrep, WORKS);
        _paused(
            "transferOwnership", OWNER, m, abi.encodeCall(IOwnable2Step.transferOwnership, (carol)), 0, _noPrep, WORKS
        );
        _paused(
            "acceptOwnership",
            ADMIN,
            m,
            abi.encodeCall(IOwnable2Step.acceptOwnership, ()),
            0,
            _prepMarketOfferedToAdmin,
            WORKS
        );
        _paused("renounceOwnership", OWNER, m, abi.encodeCall(IOwnable2Step.renounceOwnership, ()), 0, _noPrep, WORKS);
        _assertComplete("GridMarket (pause)", m, _marketViews());
    }

    // ------------------------------------------------------------------ timelock and revocation rules

    /// A vendor grant is effective only after the delay; re-granting does not restart it; a guardian's revocation
    /// cancels a pending grant; a purchase from a vendor revoked after its proposal cannot execute.
    function test_timelock_vendorGrantRules() public {
        vm.prank(owner);
        fund.setVendorAllowed(carol, true);
        uint256 eta = block.timestamp + DELAY;
        assertEq(fund.vendorAllowedAt(carol), eta);
        vm.warp(eta - 1);
        vm.prank(owner);
        fund.setVendorAllowed(carol, true); // keeps the first eta
        assertEq(fund.vendorAllowedAt(carol), eta);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.VendorNotAllowed.selector, carol));
        vm.prank(owner);
        fund.proposePurchase(carol, 1 ether, 10, _config());
        vm.warp(eta);
        vm.prank(owner);
        uint256 pid = fund.proposePurchase(carol, 1 ether, 10, _config());
        vm.prank(admin);
        fund.setVendorAllowed(carol, false);
        assertEq(fund.vendorAllowedAt(carol), 0);
        vm.warp(block.timestamp + DELAY);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.VendorNotAllowed.selector, carol));
        vm.prank(owner);
        fund.executePurchase(pid, carol, 1 ether, 10, _config());
        // a revoked pending grant never becomes effective
        vm.prank(owner);
        fund.setVendorAllowed(bob, true);
        vm.prank(admin);
        fund.setVendorAllowed(bob, false);
        vm.warp(block.timestamp + 10 * DELAY);
        assertFalse(fund.isVendorAllowed(bob));
    }

    /// A purchaser is effective after the delay; once revoked it can neither propose, execute nor cancel; its
    /// proposal stays executable by the owner (proposals are not tied to their proposer).
    function test_timelock_purchaserGrantRules() public {
        vm.prank(owner);
        fund.setPurchaser(carol, true);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotPurchaser.selector, carol));
        vm.prank(carol);
        fund.proposePurchase(vendor, 1 ether, 10, _config());
        vm.warp(block.timestamp + DELAY);
        vm.prank(carol);
        uint256 pid = fund.proposePurchase(vendor, 1 ether, 10, _config());
        vm.prank(admin);
        fund.setPurchaser(carol, false);
        vm.warp(block.timestamp + DELAY);
        vm.startPrank(carol);
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotPurchaser.selector, carol));
        fund.executePurchase(pid, vendor, 1 ether, 10, _config());
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, carol));
        fund.cancelPurchase(pid);
        vm.stopPrank();
        vm.prank(owner);
        fund.executePurchase(pid, vendor, 1 ether, 10, _config());
    }

    /// The guardian window is exactly one delay from removal; re-adding and removing again restarts it.
    function test_timelock_guardianWindow() public {
        vm.warp(guardianUntil - 1);
        assertTrue(vpp.isGuardian(guardian));
        vm.prank(guardian);
        fund.cancelPurchase(proposalId);
        vm.warp(guardianUntil);
        assertFalse(vpp.isGuardian(guardian));
        vm.expectRevert(abi.encodeWithSelector(IEnergyInvestmentFund.NotAdmin.selector, guardian));
        vm.prank(guardian);
        fund.setVendorAllowed(vendor, false);
        vm.startPrank(owner);
        vpp.addAdmin(guardian);
        vpp.removeAdmin(guardian);
        vm.stopPrank();
        vm.warp(block.timestamp + DELAY - 1);
        vm.prank(guardian);
        fund.setVendorAllowed(vendor, false);
    }

    /// Re-proposing a swap restarts its delay (the owner cannot swap the target under a maturing eta); execution
    /// re-checks the feed's decimals.
    function test_timelock_swapRules() public {
        vm.prank(owner);
        trader.proposeGridMarket(carol);
        vm.warp(block.timestamp + DELAY - 1);
        vm.prank(owner);
        trader.proposeGridMarket(bob);
        uint256 eta = block.timestamp + DELAY;
        vm.warp(block.timestamp + 1);
        vm.expectRevert(abi.encodeWithSelector(IEnergyTrader.TimelockNotElapsed.selector, eta));
        vm.prank(owner);
        trader.executeGridMarket();
        vm.warp(eta);
        vm.prank(owner);
        trader.executeGridMarket();
        assertEq(trader.gridMarket(), bob);
    }

    // ------------------------------------------------------------------ the completeness check itself

    /// The dispatcher reader finds every public selector: the counts are the artifacts' methodIdentifiers.
    function test_dispatcherReaderFindsEveryPublicFunction() public view {
        assertEq(Dispatcher.selectors(address(vpp).code).length, 30, "VirtualPowerPlant");
        assertEq(Dispatcher.selectors(address(fund).code).length, 89, "EnergyInvestmentFund");
        assertEq(Dispatcher.selectors(address(trader).code).length, 37, "EnergyTrader");
        assertEq(Dispatcher.selectors(address(oracle).code).length, 14, "EnergyPriceOracle");
        assertEq(Dispatcher.selectors(address(market).code).length, 11, "GridMarket");
    }

    /// A contract whose state-changing functions have no rows fails the completeness check.
    function test_completenessFailsForAFunctionWithoutARow() public {
        _row("deposit", address(market), abi.encodeCall(IGridMarket.deposit, ()), 1, _anyone(), _noPrep);
        vm.expectRevert();
        this.assertCompleteMarket();
    }

    /// The row runner itself fails on a wrong cell (here a stranger expected to add an admin).
    function test_rowRunnerFailsOnAWrongCell() public {
        vm.expectRevert();
        this.wrongRow();
    }

    function wrongRow() external {
        bytes[] memory e = _only(_b(OWNER) | _b(STRANGER), IOwnableLike.OwnableUnauthorizedAccount.selector);
        _row("addAdmin", address(vpp), abi.encodeCall(IVirtualPowerPlant.addAdmin, (carol)), 0, e, _noPrep);
    }

    function assertCompleteMarket() external view {
        _assertComplete("GridMarket", address(market), _marketViews());
    }

    // ------------------------------------------------------------------ views (no row needed)

    function _vppViews() internal pure returns (string[] memory l) {
        l = new string[](19);
        l[0] = "activeFleetBatteries(uint256,uint256)";
        l[1] = "activeFleetSize()";
        l[2] = "adminAt(uint256)";
        l[3] = "adminCount()";
        l[4] = "admins()";
        l[5] = "battery(uint256)";
        l[6] = "batteryCount()";
        l[7] = "dispatchConfig(uint256)";
        l[8] = "dispatchState(uint256)";
        l[9] = "fleetBatteries(uint256,uint256)";
        l[10] = "fleetBatteryAt(uint256)";
        l[11] = "fleetSize()";
        l[12] = "fund()";
        l[13] = "isAdmin(address)";
        l[14] = "isGuardian(address)";
        l[15] = "owner()";
        l[16] = "paused()";
        l[17] = "pendingOwner()";
        l[18] = "trader()";
    }

    function _fundViews() internal pure returns (string[] memory l) {
        string memory s = string.concat(
            "MAX_REDEEM_EPOCHS_PER_SETTLE() MAX_SHARES_PER_WEI() MIN_TIMELOCK_MARGIN() allowance(address,address) ",
            "asset() balanceOf(address) batteryBookValue(uint256) claimableDepositRequest(uint256,address) ",
            "claimableDepositShares(address) claimableRedeemAssets(address) claimableRedeemRequest(uint256,address) ",
            "convertToAssets(uint256) convertToShares(uint256) currentEpoch() decimals() distributableEarnings() ",
            "dividendCount() dividendDust() epochDuration() epochInfo(uint256) escrowedDepositShares() ",
            "busy() escrowedDividendOf(address) freeBalance() isOperator(address,address) isPurchaser(address) ",
            "isVendorAllowed(address) magnifiedDividendPerShare() maxDeposit(address) maxMint(address) ",
            "maxPurchaseWei() maxRedeem(address) maxWithdraw(address) name() navComponents() netAssetValue() ",
            "nextEpochAt() pendingDepositOf(address) pendingDepositRequest(uint256,address) pendingRedeemRequest(uint256,address) ",
            "previewDeposit(uint256) previewMint(uint256) previewRedeem(uint256) previewWithdraw(uint256) ",
            "proposedPurchaseValue() purchaseEta(uint256) purchaserAt(address) realisedProfit() ",
            "scheduledDistributions() storedEnergyValue() symbol() timelockDelay() totalAssets() ",
            "totalCapitalReturned() totalDividendsDeclared() totalDividendsWithdrawn() totalDustSwept() totalOwed() ",
            "totalSupply() vendorAllowedAt(address) vendorBalanceOf(address) vpp() withdrawableDividendOf(address)"
        );
        return vm.split(s, " ");
    }

    function _traderViews() internal pure returns (string[] memory) {
        return vm.split(
            string.concat(
                "PRICE_DECIMALS() UPKEEP_MIN_SCAN() activeBuffer(uint32,uint64) batteryProfile(uint256) ",
                "batteryState(uint256) checkUpkeep(bytes) currentInterval() gridMarket() intervalStart(uint64) ",
                "lastDispatchedInterval(uint256) latestPrice() pendingChanges() previewDispatch(uint256[]) priceOracle() profile(uint32) ",
                "profileCount() quote((uint8,uint64,uint64,uint64,uint16,int128,int128,uint64),int256,uint32) ",
                "tableBlock(uint32,uint8,uint8) tableBuffer(uint32,uint8) thresholdsFor(uint32,uint64,uint64,uint64) ",
                "timelockDelay() tradingParams() vpp()"
            ),
            " "
        );
    }

    function _oracleViews() internal pure returns (string[] memory) {
        return vm.split(
            "decimals() description() getRoundData(uint80) isReporter(address) latestRound() latestRoundData() owner() pendingOwner() version()",
            " "
        );
    }

    function _marketViews() internal pure returns (string[] memory) {
        return vm.split("isAuthorizedFund(address) owner() pendingOwner()", " ");
    }
}
// forge-lint: disable-end(unsafe-typecast)
