// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IEnergyInvestmentFund} from "./interfaces/IEnergyInvestmentFund.sol";
import {IVirtualPowerPlant} from "./interfaces/IVirtualPowerPlant.sol";
import {IGridMarket} from "./interfaces/IGridMarket.sol";

/// @title EnergyInvestmentFund
/// @notice ERC-20 shares ("VPPS") of a battery fund, entered and left through ERC-7540-shaped asynchronous requests
///         in native ether, settled per epoch at the epoch's NAV.
/// @dev Books. NAV = freeCash + storedEnergyValue + batteryBookValue, where
///      - freeCash = ether held − everything owed (unclaimed dividends, unpaid vendors, filled-but-unclaimed
///        redemptions, pending and refused deposits). Pending deposits are never part of NAV.
///      - storedEnergyValue = Σ per-battery inventory at average cost (kept by the trader): charging moves cash
///        into inventory (NAV unchanged), a discharge realises revenue − average cost of the energy removed
///        (rounded so NAV is never overstated). Energy bought at a negative price has a negative cost.
///      - batteryBookValue = Σ purchase price less straight-line depreciation over `lifeEpochs` epoch periods fixed
///        at purchase (period = epochDuration on the grid genesis + k·epochDuration); the remainder of the integer
///        division is written off in the last period. Decommissioning writes the rest off (BatteryWrittenOff).
///      Cash buckets: earningsCash ≤ freeCash is realised trading profit not yet distributed; capitalCash is the
///      rest. Every outflow (charging, purchases, redemptions, capital returns) takes capital cash first; earnings
///      spent when capital is exhausted become capital (reinvested) and can no longer be paid as a dividend.
///      Dividends are declared from earningsCash only; capital is returned only from capitalCash.
///      Entry and exit. requestDeposit escrows ether (outside NAV); requestRedeem escrows shares (held by the fund).
///      settleEpoch (anyone, once block.timestamp >= nextEpochAt) prices the epoch at nav/supply with ERC-4626
///      virtual offsets (shares = assets·(supply+1)/(nav+1), assets = shares·(nav+1)/(supply+1), both rounded
///      down), mints the epoch's deposits (to the fund, claimable), then fills queued redemptions oldest epoch first
///      from free cash, pro-rata within an epoch; the rest stays queued. Deposits are refused (refundable) if
///      NAV <= 0 or supply + 1 > (nav + 1)·MAX_SHARES_PER_WEI.
///      Dividends. Split over the shares held outside the fund (escrowed shares do not earn dividends; see the
///      README), with a per-share accumulator mdps (uint160) and per-account snapshots (no signed corrections).
///      Overflow proof: mdps grows by floor(amount·2^64/eligible) ≤ amount·2^64 per declaration, and the sum of
///      all amounts is kept < 2^96 (checked), so mdps < 2^160. A holder's accrual is Math.mulDiv(balance, Δmdps,
///      2^64) (512-bit intermediate, never overflows) and is ≤ the amounts declared < 2^96. Supply stays below
///      MAX_SHARES_PER_WEI·(NAV + deposits) < 2^127 because deposits are refused below the price floor.
contract EnergyInvestmentFund is IEnergyInvestmentFund, ERC20, ReentrancyGuardTransient {
    using SafeCast for uint256;
    using SafeCast for int256;

    uint256 internal constant MAGNITUDE = 2 ** 64;
    uint16 internal constant MAX_BPS = 10_000;
    /// @notice Deposits are refused while a share is worth less than 1/MAX_SHARES_PER_WEI wei (bounds the supply).
    uint256 public constant MAX_SHARES_PER_WEI = 1e9;
    /// @notice Most queued redemption epochs filled by one settlement (the rest next time).
    uint256 public constant MAX_REDEEM_EPOCHS_PER_SETTLE = 32;

    struct Account {
        uint160 snapshot;
        uint96 credited;
    }

    struct DepositReq {
        uint32 epoch;
        uint96 pendingAssets;
        uint128 claimableShares;
        uint256 claimableAssets;
    }

    struct RedeemReq {
        uint32 epoch;
        uint112 shares;
        uint112 claimedShares;
        uint256 claimedAssets;
    }

    struct Epoch {
        uint128 depositAssets;
        uint128 depositShares;
        uint128 redeemShares;
        uint128 redeemFilled;
        uint256 redeemAssets;
        bool depositsRefused;
    }

    struct Book {
        uint96 cost;
        uint96 rate;
        uint32 startPeriod;
        uint32 lifePeriods;
    }

    IVirtualPowerPlant private immutable _VPP;
    uint256 private immutable _EPOCH_DURATION;
    uint256 private immutable _GENESIS;
    uint256 private immutable _TIMELOCK_DELAY;
    uint256 private immutable _MAX_PURCHASE;

    // accumulator (one slot) and accounts
    uint160 private _mdps;
    uint96 private _owedDividends;
    mapping(address account => Account) private _accounts;
    uint256 private _totalDeclared; // dividends + capital returns, < 2^96
    uint256 private _totalDividends;
    uint256 private _totalCapitalReturned;
    uint256 private _totalWithdrawn;
    uint256 private _dividendCount;

    // epochs (one slot)
    uint32 private _epoch; // the open epoch
    uint32 private _redeemHead; // oldest epoch that may have unfilled redemptions
    uint96 private _pendingDeposits; // open epoch's deposits
    uint96 private _refundableDeposits; // refused deposits not yet canceled
    mapping(uint256 epoch => Epoch) private _epochs;
    mapping(address controller => DepositReq) private _deposits;
    mapping(address controller => RedeemReq) private _redeems;
    mapping(address controller => mapping(address operator => bool)) private _operators;
    uint256 private _reservedRedeemAssets;
    uint256 private _escrowDepositShares; // minted, not claimed (held by the fund)

    // books
    uint256 private _earningsCash;
    int256 private _inventory;
    int256 private _realised;
    uint256 private _book;
    uint256 private _deprRate;
    uint256 private _deprPeriod;
    mapping(uint256 period => uint256) private _rateEnd;
    mapping(uint256 period => uint256) private _lumpEnd;
    mapping(uint256 batteryId => Book) private _books;

    // purchases
    mapping(address vendor => uint256) private _vendorBalances;
    uint256 private _vendorOwed;
    mapping(address vendor => bool) private _vendorAllowed;
    mapping(address account => bool) private _purchasers;
    mapping(uint256 proposalId => bytes32) private _proposalHash;
    mapping(uint256 proposalId => uint256) private _proposalEta;
    uint256 private _proposalCount;

    address private transient _settlingMarket;
    bool private transient _escrowMove;

    /// @param vpp_ The root contract (deploys the fund).
    /// @param p Epoch length, timelock delay and purchase cap.
    constructor(IVirtualPowerPlant vpp_, FundParams memory p) ERC20("VPP Energy Fund Share", "VPPS") {
        if (address(vpp_) == address(0)) revert ZeroAddress();
        if (p.epochDuration == 0 || p.maxPurchaseWei == 0 || p.maxPurchaseWei >= 2 ** 96) revert ZeroAmount();
        _VPP = vpp_;
        _EPOCH_DURATION = p.epochDuration;
        _GENESIS = block.timestamp;
        _TIMELOCK_DELAY = p.timelockDelay;
        _MAX_PURCHASE = p.maxPurchaseWei;
        _epoch = 1;
        _redeemHead = 1;
    }

    /// @notice Accepts ether only from the market paying the fund during a settlement.
    receive() external payable {
        if (msg.sender != _settlingMarket) revert DirectEtherRejected(msg.sender);
    }

    // ------------------------------------------------------------------ access

    function _checkNotPaused() internal view {
        if (_VPP.paused()) revert SystemIsPaused();
    }

    function _checkAdmin() internal view {
        if (!_VPP.isAdmin(msg.sender)) revert NotAdmin(msg.sender);
    }

    function _owner() internal view returns (address) {
        return Ownable(address(_VPP)).owner();
    }

    function _checkOwner() internal view {
        if (msg.sender != _owner()) revert NotOwner(msg.sender);
    }

    function _checkController(address controller) internal view {
        if (msg.sender != controller && !_operators[controller][msg.sender]) revert NotAuthorized(msg.sender);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function vpp() external view returns (IVirtualPowerPlant) {
        return _VPP;
    }

    // ------------------------------------------------------------------ requests

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev `owner` must be the sender (native ether comes from msg.sender); msg.value == assets. One open deposit
    ///      request per controller: a settled earlier request is folded into its claimable shares first.
    function requestDeposit(uint256 assets, address controller, address owner)
        external
        payable
        nonReentrant
        returns (uint256 requestId)
    {
        _checkNotPaused();
        if (assets == 0) revert ZeroAmount();
        if (msg.value != assets) revert ValueMismatch(assets, msg.value);
        if (owner != msg.sender) revert NotAuthorized(msg.sender);
        if (controller == address(0)) revert ZeroAddress();
        requestId = _epoch;
        DepositReq storage r = _deposits[controller];
        uint256 e = r.epoch;
        if (e != requestId && r.pendingAssets != 0) _foldDeposit(r, e);
        r.epoch = uint32(requestId);
        r.pendingAssets = (r.pendingAssets + assets).toUint96();
        _pendingDeposits = (_pendingDeposits + assets).toUint96();
        emit DepositRequest(controller, owner, requestId, msg.sender, assets);
    }

    function _foldDeposit(DepositReq storage r, uint256 e) internal {
        Epoch storage ep = _epochs[e];
        if (ep.depositsRefused) revert PreviousRequestOpen(address(0), e);
        uint256 assets = r.pendingAssets;
        r.claimableShares += Math.mulDiv(assets, ep.depositShares, ep.depositAssets).toUint128();
        r.claimableAssets += assets;
        r.pendingAssets = 0;
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Escrows `shares` of `owner` in the fund (operator, or ERC-20 allowance, or owner). One open request per
    ///      controller: adding to it is allowed while its epoch is open; an earlier request must be fully filled
    ///      and claimed first (PreviousRequestOpen).
    function requestRedeem(uint256 shares, address controller, address owner)
        external
        nonReentrant
        returns (uint256 requestId)
    {
        _checkNotPaused();
        if (shares == 0) revert ZeroAmount();
        if (controller == address(0)) revert ZeroAddress();
        if (msg.sender != owner && !_operators[owner][msg.sender]) _spendAllowance(owner, msg.sender, shares);
        requestId = _epoch;
        RedeemReq storage r = _redeems[controller];
        if (r.epoch != requestId && r.shares != 0) {
            (uint256 filled, uint256 assets) = _redeemTotals(r);
            if (filled != r.shares || r.claimedAssets != assets) revert PreviousRequestOpen(controller, r.epoch);
            delete _redeems[controller];
        }
        r.epoch = uint32(requestId);
        r.shares = (r.shares + shares).toUint112();
        _epochs[requestId].redeemShares += shares.toUint128();
        _escrowMove = true;
        _transfer(owner, address(this), shares);
        _escrowMove = false;
        emit RedeemRequest(controller, owner, requestId, msg.sender, shares);
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Only a request of the open epoch, or of an epoch whose deposits were refused, can be canceled; the
    ///      ether goes to `receiver` at once. Works while paused.
    function cancelDepositRequest(address controller, address payable receiver)
        external
        nonReentrant
        returns (uint256 assets)
    {
        _checkController(controller);
        if (receiver == address(0)) revert ZeroAddress();
        DepositReq storage r = _deposits[controller];
        assets = r.pendingAssets;
        uint256 e = r.epoch;
        if (assets == 0) revert RequestNotCancelable(controller);
        if (e == _epoch) {
            _pendingDeposits -= uint96(assets);
        } else if (_epochs[e].depositsRefused) {
            _refundableDeposits -= uint96(assets);
        } else {
            revert RequestNotCancelable(controller);
        }
        r.pendingAssets = 0;
        emit DepositRequestCanceled(controller, e, receiver, assets);
        _sendValue(receiver, assets);
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Only while the request's epoch is open (queued remainders of settled epochs stay queued). Works while
    ///      paused.
    function cancelRedeemRequest(address controller, address receiver) external nonReentrant returns (uint256 shares) {
        _checkController(controller);
        if (receiver == address(0)) revert ZeroAddress();
        RedeemReq storage r = _redeems[controller];
        shares = r.shares;
        if (shares == 0 || r.epoch != _epoch) revert RequestNotCancelable(controller);
        _epochs[r.epoch].redeemShares -= uint128(shares);
        emit RedeemRequestCanceled(controller, r.epoch, receiver, shares);
        delete _redeems[controller];
        _escrowMove = true;
        _transfer(address(this), receiver, shares);
        _escrowMove = false;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function setOperator(address operator, bool approved) external returns (bool) {
        _operators[msg.sender][operator] = approved;
        emit OperatorSet(msg.sender, operator, approved);
        return true;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function isOperator(address controller, address operator) external view returns (bool) {
        return _operators[controller][operator];
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc IEnergyInvestmentFund
    function deposit(uint256 assets, address receiver, address controller)
        external
        nonReentrant
        returns (uint256 shares)
    {
        (uint256 cAssets, uint256 cShares) = _claimableDeposit(controller);
        if (assets > cAssets) revert ExceedsClaimable(assets, cAssets);
        shares = assets == cAssets ? cShares : Math.mulDiv(assets, cShares, cAssets);
        _claimDeposit(controller, receiver, assets, shares);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function mint(uint256 shares, address receiver, address controller) external nonReentrant returns (uint256 assets) {
        (uint256 cAssets, uint256 cShares) = _claimableDeposit(controller);
        if (shares > cShares) revert ExceedsClaimable(shares, cShares);
        assets = shares == cShares ? cAssets : Math.mulDiv(shares, cAssets, cShares, Math.Rounding.Ceil);
        _claimDeposit(controller, receiver, assets, shares);
    }

    function _claimDeposit(address controller, address receiver, uint256 assets, uint256 shares) internal {
        _checkController(controller);
        if (receiver == address(0)) revert ZeroAddress();
        if (assets == 0 && shares == 0) revert ZeroAmount();
        DepositReq storage r = _deposits[controller];
        if (r.epoch != _epoch && r.pendingAssets != 0) _foldDeposit(r, r.epoch);
        r.claimableAssets -= assets;
        r.claimableShares -= uint128(shares);
        _escrowDepositShares -= shares;
        emit Deposit(receiver, controller, assets, shares);
        _escrowMove = true;
        _transfer(address(this), receiver, shares);
        _escrowMove = false;
    }

    function _claimableDeposit(address controller) internal view returns (uint256 assets, uint256 shares) {
        DepositReq storage r = _deposits[controller];
        assets = r.claimableAssets;
        shares = r.claimableShares;
        uint256 e = r.epoch;
        if (e != _epoch && r.pendingAssets != 0 && !_epochs[e].depositsRefused) {
            Epoch storage ep = _epochs[e];
            assets += r.pendingAssets;
            shares += Math.mulDiv(r.pendingAssets, ep.depositShares, ep.depositAssets);
        }
    }

    /// @inheritdoc IEnergyInvestmentFund
    function redeem(uint256 shares, address payable receiver, address controller)
        external
        nonReentrant
        returns (uint256 assets)
    {
        (uint256 cShares, uint256 cAssets) = _claimableRedeem(controller);
        if (shares > cShares) revert ExceedsClaimable(shares, cShares);
        assets = shares == cShares ? cAssets : Math.mulDiv(shares, cAssets, cShares);
        _claimRedeem(controller, receiver, assets, shares);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdraw(uint256 assets, address payable receiver, address controller)
        external
        nonReentrant
        returns (uint256 shares)
    {
        (uint256 cShares, uint256 cAssets) = _claimableRedeem(controller);
        if (assets > cAssets) revert ExceedsClaimable(assets, cAssets);
        shares = assets == cAssets ? cShares : Math.mulDiv(assets, cShares, cAssets, Math.Rounding.Ceil);
        _claimRedeem(controller, receiver, assets, shares);
    }

    function _claimRedeem(address controller, address payable receiver, uint256 assets, uint256 shares) internal {
        _checkController(controller);
        if (receiver == address(0)) revert ZeroAddress();
        if (assets == 0 && shares == 0) revert ZeroAmount();
        RedeemReq storage r = _redeems[controller];
        r.claimedShares += uint112(shares);
        r.claimedAssets += assets;
        _reservedRedeemAssets -= assets;
        emit Withdraw(msg.sender, receiver, controller, assets, shares);
        _sendValue(receiver, assets);
    }

    /// @dev Filled shares and their assets, cumulated over the request's life (one division each).
    function _redeemTotals(RedeemReq storage r) internal view returns (uint256 filled, uint256 assets) {
        Epoch storage ep = _epochs[r.epoch];
        uint256 total = ep.redeemShares;
        if (total == 0) return (0, 0);
        filled = Math.mulDiv(r.shares, ep.redeemFilled, total);
        assets = Math.mulDiv(r.shares, ep.redeemAssets, total);
    }

    function _claimableRedeem(address controller) internal view returns (uint256 shares, uint256 assets) {
        RedeemReq storage r = _redeems[controller];
        (uint256 filled, uint256 total) = _redeemTotals(r);
        shares = filled - r.claimedShares;
        assets = total - r.claimedAssets;
    }

    // ------------------------------------------------------------------ request views

    /// @inheritdoc IEnergyInvestmentFund
    function pendingDepositRequest(uint256, address controller) external view returns (uint256 assets) {
        DepositReq storage r = _deposits[controller];
        if (r.epoch == _epoch || _epochs[r.epoch].depositsRefused) return r.pendingAssets;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function claimableDepositRequest(uint256, address controller) external view returns (uint256 assets) {
        (assets,) = _claimableDeposit(controller);
    }

    /// @notice Shares the controller can claim with `deposit` / `mint`.
    /// @param controller The controller.
    /// @return shares The claimable shares.
    function claimableDepositShares(address controller) external view returns (uint256 shares) {
        (, shares) = _claimableDeposit(controller);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function pendingRedeemRequest(uint256, address controller) external view returns (uint256 shares) {
        RedeemReq storage r = _redeems[controller];
        (uint256 filled,) = _redeemTotals(r);
        return r.shares - filled;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function claimableRedeemRequest(uint256, address controller) external view returns (uint256 shares) {
        (shares,) = _claimableRedeem(controller);
    }

    /// @notice Ether the controller can claim with `redeem` / `withdraw`.
    /// @param controller The controller.
    /// @return assets The claimable ether, wei.
    function claimableRedeemAssets(address controller) external view returns (uint256 assets) {
        (, assets) = _claimableRedeem(controller);
    }

    // ------------------------------------------------------------------ epochs

    /// @inheritdoc IEnergyInvestmentFund
    function currentEpoch() external view returns (uint256) {
        return _epoch;
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Epoch n closes at genesis + n·epochDuration; a late settlement does not shift the grid.
    function nextEpochAt() public view returns (uint256) {
        return _GENESIS + uint256(_epoch) * _EPOCH_DURATION;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function epochDuration() external view returns (uint256) {
        return _EPOCH_DURATION;
    }

    /// @notice Epoch `e`'s settlement record.
    /// @param e The epoch.
    /// @return The record.
    function epochInfo(uint256 e) external view returns (Epoch memory) {
        return _epochs[e];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function settleEpoch() external nonReentrant returns (uint256 epoch) {
        _checkNotPaused();
        uint256 due = nextEpochAt();
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < due) revert EpochNotDue(due);
        _accrueDepreciation();
        epoch = _epoch;
        Epoch storage ep = _epochs[epoch];
        int256 navS = _nav();
        uint256 supply = totalSupply();
        uint256 nav = navS > 0 ? uint256(navS) : 0;
        uint256 assetsIn = _pendingDeposits;
        _pendingDeposits = 0;
        if (assetsIn != 0) {
            if (navS < 0 || supply + 1 > (nav + 1) * MAX_SHARES_PER_WEI || (supply != 0 && nav == 0)) {
                ep.depositsRefused = true;
                _refundableDeposits += uint96(assetsIn);
                emit DepositsRefused(epoch, assetsIn);
                assetsIn = 0;
            } else {
                uint256 minted = Math.mulDiv(assetsIn, supply + 1, nav + 1);
                ep.depositAssets = uint128(assetsIn);
                ep.depositShares = minted.toUint128();
                _escrowDepositShares += minted;
                _mint(address(this), minted);
            }
        }
        // redemptions: oldest epoch first, at this settlement's price (pre-deposit nav / supply)
        (uint256 filledTotal, uint256 paidTotal, uint256 queued) = _fillRedemptions(epoch, nav, supply);
        _epoch = uint32(epoch + 1);
        emit EpochSettled(epoch, nav, supply, assetsIn, ep.depositShares, filledTotal, paidTotal, queued);
        _emitNav();
    }

    function _fillRedemptions(uint256 epoch, uint256 nav, uint256 supply)
        internal
        returns (uint256 filledTotal, uint256 paidTotal, uint256 queued)
    {
        uint256 cash = _freeCash();
        uint256 k = _redeemHead;
        uint256 steps;
        for (; k <= epoch && steps < MAX_REDEEM_EPOCHS_PER_SETTLE; ++k) {
            Epoch storage ek = _epochs[k];
            uint256 left = ek.redeemShares - ek.redeemFilled;
            if (left == 0) continue;
            ++steps;
            uint256 fill = left;
            uint256 pay = Math.mulDiv(fill, nav + 1, supply + 1);
            if (pay > cash) {
                fill = Math.mulDiv(cash, supply + 1, nav + 1);
                if (fill > left) fill = left;
                pay = Math.mulDiv(fill, nav + 1, supply + 1);
            }
            if (fill != 0) {
                ek.redeemFilled += uint128(fill);
                ek.redeemAssets += pay;
                filledTotal += fill;
                paidTotal += pay;
                cash -= pay;
            }
            if (fill < left) {
                queued = left - fill;
                break;
            }
        }
        _redeemHead = uint32(k > epoch ? epoch + 1 : k);
        if (filledTotal != 0) {
            _burn(address(this), filledTotal);
            _reservedRedeemAssets += paidTotal;
            _spendCash();
        }
    }

    // ------------------------------------------------------------------ ERC-4626-style views

    /// @notice The asset is native ether (ERC-7528 placeholder address).
    /// @return 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE.
    function asset() external pure returns (address) {
        return 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalAssets() public view returns (uint256) {
        int256 n = _navView();
        return n > 0 ? uint256(n) : 0;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function convertToShares(uint256 assets) external view returns (uint256) {
        return Math.mulDiv(assets, totalSupply() + 1, totalAssets() + 1);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function convertToAssets(uint256 shares) external view returns (uint256) {
        return Math.mulDiv(shares, totalAssets() + 1, totalSupply() + 1);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function maxDeposit(address controller) external view returns (uint256 assets) {
        (assets,) = _claimableDeposit(controller);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function maxMint(address controller) external view returns (uint256 shares) {
        (, shares) = _claimableDeposit(controller);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function maxRedeem(address controller) external view returns (uint256 shares) {
        (shares,) = _claimableRedeem(controller);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function maxWithdraw(address controller) external view returns (uint256 assets) {
        (, assets) = _claimableRedeem(controller);
    }

    /// @notice Reverts: entry is asynchronous (ERC-7540).
    function previewDeposit(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    /// @notice Reverts: entry is asynchronous (ERC-7540).
    function previewMint(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    /// @notice Reverts: exit is asynchronous (ERC-7540).
    function previewRedeem(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    /// @notice Reverts: exit is asynchronous (ERC-7540).
    function previewWithdraw(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    // ------------------------------------------------------------------ books

    function _owed() internal view returns (uint256) {
        return uint256(_owedDividends) + _vendorOwed + _reservedRedeemAssets + _pendingDeposits + _refundableDeposits;
    }

    function _freeCash() internal view returns (uint256) {
        uint256 owed = _owed();
        uint256 bal = address(this).balance;
        return bal > owed ? bal - owed : 0;
    }

    /// @dev After any outflow: earnings cash can never exceed free cash (capital is spent first).
    function _spendCash() internal {
        uint256 free = _freeCash();
        if (_earningsCash > free) _earningsCash = free;
    }

    function _nav() internal view returns (int256) {
        return _freeCash().toInt256() + _inventory + _book.toInt256();
    }

    function _navView() internal view returns (int256) {
        return _freeCash().toInt256() + _inventory + _bookView().toInt256();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function navComponents()
        external
        view
        returns (
            uint256 freeCash,
            uint256 earningsCash,
            uint256 capitalCash,
            int256 stored,
            uint256 batteryBookValue_,
            uint256 owed,
            int256 nav
        )
    {
        freeCash = _freeCash();
        earningsCash = _earningsCash;
        capitalCash = freeCash - earningsCash;
        stored = _inventory;
        batteryBookValue_ = _bookView();
        owed = _owed();
        nav = freeCash.toInt256() + stored + batteryBookValue_.toInt256();
    }

    function _emitNav() internal {
        uint256 free = _freeCash();
        emit NavUpdated(free, _earningsCash, _inventory, _book, free.toInt256() + _inventory + _book.toInt256());
    }

    /// @inheritdoc IEnergyInvestmentFund
    function netAssetValue() external view returns (int256) {
        return _navView();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalOwed() external view returns (uint256) {
        return _owed();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function freeBalance() external view returns (uint256) {
        return _freeCash();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function distributableEarnings() external view returns (uint256) {
        return _earningsCash;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function realisedProfit() external view returns (int256) {
        return _realised;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalDividendsDeclared() external view returns (uint256) {
        return _totalDividends;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalCapitalReturned() external view returns (uint256) {
        return _totalCapitalReturned;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function totalDividendsWithdrawn() external view returns (uint256) {
        return _totalWithdrawn;
    }

    /// @notice Shares minted for deposits and not yet claimed (held by the fund).
    /// @return The shares.
    function escrowedDepositShares() external view returns (uint256) {
        return _escrowDepositShares;
    }

    // ------------------------------------------------------------------ depreciation

    function _period() internal view returns (uint256) {
        return (block.timestamp - _GENESIS) / _EPOCH_DURATION;
    }

    function _accrueDepreciation() internal {
        uint256 p = _period();
        uint256 q = _deprPeriod;
        if (p == q) return;
        uint256 book = _book;
        uint256 rate = _deprRate;
        for (uint256 k = q + 1; k <= p; ++k) {
            if (rate == 0 && book == 0) break;
            book -= rate + _lumpEnd[k];
            rate -= _rateEnd[k];
        }
        _book = book;
        _deprRate = rate;
        _deprPeriod = p;
    }

    function _bookView() internal view returns (uint256 book) {
        uint256 p = _period();
        book = _book;
        uint256 rate = _deprRate;
        for (uint256 k = _deprPeriod + 1; k <= p; ++k) {
            if (rate == 0 && book == 0) break;
            book -= rate + _lumpEnd[k];
            rate -= _rateEnd[k];
        }
    }

    /// @inheritdoc IEnergyInvestmentFund
    function batteryBookValue(uint256 batteryId) public view returns (uint256) {
        Book storage b = _books[batteryId];
        if (b.cost == 0) return 0;
        uint256 elapsed = _period() - b.startPeriod;
        if (elapsed >= b.lifePeriods) return 0;
        return uint256(b.cost) - elapsed * b.rate;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function writeOffBattery(uint256 batteryId) external {
        if (msg.sender != address(_VPP)) revert NotVpp(msg.sender);
        _accrueDepreciation();
        Book storage b = _books[batteryId];
        if (b.cost == 0) return;
        uint256 remaining = batteryBookValue(batteryId);
        if (remaining != 0) {
            uint256 end = uint256(b.startPeriod) + b.lifePeriods;
            _book -= remaining;
            _deprRate -= b.rate;
            _rateEnd[end] -= b.rate;
            _lumpEnd[end] -= uint256(b.cost) - uint256(b.rate) * b.lifePeriods;
        }
        delete _books[batteryId];
        emit BatteryWrittenOff(batteryId, remaining);
        _emitNav();
    }

    // ------------------------------------------------------------------ dividends

    /// @inheritdoc IEnergyInvestmentFund
    function declareDividend(uint16 basisPoints) external nonReentrant returns (uint256 dividendId, uint256 amount) {
        _checkAdmin();
        _checkNotPaused();
        if (basisPoints == 0 || basisPoints > MAX_BPS) revert InvalidBasisPoints(basisPoints);
        amount = _earningsCash * basisPoints / MAX_BPS;
        if (amount == 0) revert NothingToDistribute();
        uint256 reserved;
        (dividendId, reserved) = _distribute(amount, false, basisPoints);
        _earningsCash -= reserved;
        _totalDividends += reserved;
        _emitNav();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function returnCapital(uint256 amount) external nonReentrant returns (uint256 dividendId) {
        _checkAdmin();
        _checkNotPaused();
        if (amount == 0) revert ZeroAmount();
        uint256 capital = _freeCash() - _earningsCash;
        if (amount > capital) revert InsufficientFreeBalance(amount, capital);
        uint256 reserved;
        (dividendId, reserved) = _distribute(amount, true, 0);
        _totalCapitalReturned += reserved;
        _emitNav();
    }

    /// @dev Reserves ceil(inc·eligible/2^64) ≤ amount; the unreserved rounding remainder stays in the fund.
    function _distribute(uint256 amount, bool capitalReturn, uint16 basisPoints)
        internal
        returns (uint256 dividendId, uint256 reserved)
    {
        uint256 eligible = totalSupply() - balanceOf(address(this));
        if (eligible == 0) revert NoSharesOutstanding();
        uint256 inc = Math.mulDiv(amount, MAGNITUDE, eligible);
        if (inc == 0) revert NothingToDistribute();
        reserved = Math.mulDiv(inc, eligible, MAGNITUDE, Math.Rounding.Ceil);
        _totalDeclared += reserved;
        if (_totalDeclared >= 2 ** 96) revert AmountTooLarge();
        uint160 mdps = _mdps + uint160(inc);
        _mdps = mdps;
        _owedDividends += uint96(reserved);
        dividendId = ++_dividendCount;
        emit DividendDeclared(dividendId, msg.sender, capitalReturn, reserved, basisPoints, eligible, mdps);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawDividends() external nonReentrant returns (uint256 amount) {
        return _withdrawDividends(payable(msg.sender));
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawDividendsTo(address payable to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        return _withdrawDividends(to);
    }

    function _withdrawDividends(address payable to) internal returns (uint256 amount) {
        uint160 mdps = _mdps;
        Account memory a = _accounts[msg.sender];
        amount = uint256(a.credited) + Math.mulDiv(balanceOf(msg.sender), mdps - a.snapshot, MAGNITUDE);
        if (amount == 0) revert NothingToWithdraw();
        _accounts[msg.sender] = Account(mdps, 0);
        _owedDividends -= uint96(amount);
        unchecked {
            _totalWithdrawn += amount;
        }
        emit DividendWithdrawn(msg.sender, to, amount);
        _sendValue(to, amount);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawableDividendOf(address holder) public view returns (uint256) {
        if (holder == address(this)) return 0;
        Account memory a = _accounts[holder];
        return uint256(a.credited) + Math.mulDiv(balanceOf(holder), _mdps - a.snapshot, MAGNITUDE);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function magnifiedDividendPerShare() external view returns (uint256) {
        return _mdps;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function dividendCount() external view returns (uint256) {
        return _dividendCount;
    }

    function _settleAccount(address account) internal {
        if (account == address(0) || account == address(this)) return;
        uint160 mdps = _mdps;
        Account memory a = _accounts[account];
        if (a.snapshot == mdps) return;
        uint256 accrued = Math.mulDiv(balanceOf(account), mdps - a.snapshot, MAGNITUDE);
        _accounts[account] = Account(mdps, (uint256(a.credited) + accrued).toUint96());
    }

    /// @dev Shares can only enter the fund's own address through requestRedeem / settlement (defect 12).
    function _update(address from, address to, uint256 value) internal override {
        if (to == address(this) && !_escrowMove && from != address(0)) revert SharesToFund();
        if (from != address(0) && to != address(0) && !_escrowMove) _checkNotPaused();
        _settleAccount(from);
        _settleAccount(to);
        super._update(from, to, value);
    }

    // ------------------------------------------------------------------ purchases

    function _checkPurchaser() internal view {
        if (msg.sender != _owner() && !_purchasers[msg.sender]) revert NotPurchaser(msg.sender);
    }

    function _purchaseHash(
        address vendor,
        uint256 price,
        uint32 lifeEpochs,
        IVirtualPowerPlant.BatteryConfig calldata config
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(vendor, price, lifeEpochs, config));
    }

    /// @inheritdoc IEnergyInvestmentFund
    function proposePurchase(
        address vendor,
        uint256 price,
        uint32 lifeEpochs,
        IVirtualPowerPlant.BatteryConfig calldata config
    ) external returns (uint256 proposalId) {
        _checkPurchaser();
        _checkNotPaused();
        _checkPurchase(vendor, price, lifeEpochs);
        proposalId = ++_proposalCount;
        bytes32 h = _purchaseHash(vendor, price, lifeEpochs, config);
        uint256 eta = block.timestamp + _TIMELOCK_DELAY;
        _proposalHash[proposalId] = h;
        _proposalEta[proposalId] = eta;
        emit PurchaseProposed(proposalId, vendor, msg.sender, price, lifeEpochs, uint64(eta), h);
    }

    function _checkPurchase(address vendor, uint256 price, uint32 lifeEpochs) internal view {
        if (!_vendorAllowed[vendor]) revert VendorNotAllowed(vendor);
        if (price == 0) revert ZeroAmount();
        if (price > _MAX_PURCHASE) revert PurchaseAboveCap(price, _MAX_PURCHASE);
        if (lifeEpochs == 0) revert InvalidLife();
    }

    /// @inheritdoc IEnergyInvestmentFund
    function executePurchase(
        uint256 proposalId,
        address vendor,
        uint256 price,
        uint32 lifeEpochs,
        IVirtualPowerPlant.BatteryConfig calldata config
    ) external nonReentrant returns (uint256 batteryId) {
        _checkPurchaser();
        _checkNotPaused();
        bytes32 h = _proposalHash[proposalId];
        if (h == bytes32(0)) revert UnknownProposal(proposalId);
        if (h != _purchaseHash(vendor, price, lifeEpochs, config)) revert ProposalMismatch(proposalId);
        uint256 eta = _proposalEta[proposalId];
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < eta) revert TimelockNotElapsed(eta);
        _checkPurchase(vendor, price, lifeEpochs);
        delete _proposalHash[proposalId];
        delete _proposalEta[proposalId];
        _accrueDepreciation();
        uint256 available = _freeCash();
        if (price > available) revert InsufficientFreeBalance(price, available);
        _vendorBalances[vendor] += price;
        _vendorOwed += price;
        _spendCash();
        batteryId = _VPP.registerPurchasedBattery(config, msg.sender);
        uint256 p = _period();
        uint256 rate = price / lifeEpochs;
        _books[batteryId] =
            Book({cost: uint96(price), rate: uint96(rate), startPeriod: uint32(p), lifePeriods: lifeEpochs});
        _book += price;
        _deprRate += rate;
        _rateEnd[p + lifeEpochs] += rate;
        _lumpEnd[p + lifeEpochs] += price - rate * lifeEpochs;
        emit BatteryPurchased(batteryId, vendor, msg.sender, price, proposalId);
        _emitNav();
    }

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev The owner, any admin (guardian) or a purchaser can cancel a proposal at any time before execution.
    function cancelPurchase(uint256 proposalId) external {
        if (!_VPP.isAdmin(msg.sender) && !_purchasers[msg.sender]) revert NotAdmin(msg.sender);
        if (_proposalHash[proposalId] == bytes32(0)) revert UnknownProposal(proposalId);
        delete _proposalHash[proposalId];
        delete _proposalEta[proposalId];
        emit PurchaseCanceled(proposalId, msg.sender);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function purchaseEta(uint256 proposalId) external view returns (uint256) {
        return _proposalEta[proposalId];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function setVendorAllowed(address vendor, bool allowed) external {
        _checkOwner();
        if (vendor == address(0) || vendor == address(this)) revert ZeroAddress();
        _vendorAllowed[vendor] = allowed;
        emit VendorAllowed(vendor, allowed, msg.sender);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function isVendorAllowed(address vendor) external view returns (bool) {
        return _vendorAllowed[vendor];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function setPurchaser(address account, bool allowed) external {
        _checkOwner();
        if (account == address(0)) revert ZeroAddress();
        _purchasers[account] = allowed;
        emit PurchaserSet(account, allowed, msg.sender);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function isPurchaser(address account) external view returns (bool) {
        return _purchasers[account];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function withdrawVendorPayment(address payable to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        amount = _vendorBalances[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        _vendorBalances[msg.sender] = 0;
        _vendorOwed -= amount;
        emit VendorPaymentWithdrawn(msg.sender, to, amount);
        _sendValue(to, amount);
    }

    /// @inheritdoc IEnergyInvestmentFund
    function vendorBalanceOf(address vendor) external view returns (uint256) {
        return _vendorBalances[vendor];
    }

    /// @inheritdoc IEnergyInvestmentFund
    function timelockDelay() external view returns (uint256) {
        return _TIMELOCK_DELAY;
    }

    /// @inheritdoc IEnergyInvestmentFund
    function maxPurchaseWei() external view returns (uint256) {
        return _MAX_PURCHASE;
    }

    // ------------------------------------------------------------------ trading

    /// @inheritdoc IEnergyInvestmentFund
    /// @dev Net cash of a dispatch batch: positive = the market pays the fund. The trader checked the budget; a
    ///      market that misbehaves reverts this call (the trader isolates the failure).
    function settleBatch(int256 cash, int256 inventoryDelta, int256 realised, address market) external nonReentrant {
        if (msg.sender != address(_VPP.trader())) revert NotTrader(msg.sender);
        _inventory += inventoryDelta;
        _realised += realised;
        if (cash > 0) {
            uint256 expected = uint256(cash);
            uint256 before = address(this).balance;
            _settlingMarket = market;
            IGridMarket(market).payFund(expected);
            _settlingMarket = address(0);
            uint256 received = address(this).balance - before;
            if (received != expected) revert UnexpectedSettlement(expected, received);
        } else if (cash < 0) {
            uint256 cost = uint256(-cash);
            uint256 available = _freeCash();
            if (cost > available) revert InsufficientFreeBalance(cost, available);
            IGridMarket(market).receivePayment{value: cost}();
        }
        if (realised > 0) {
            _earningsCash += uint256(realised);
        } else if (realised < 0) {
            uint256 loss = uint256(-realised);
            _earningsCash = _earningsCash > loss ? _earningsCash - loss : 0;
        }
        _spendCash();
        emit BatchSettled(cash, inventoryDelta, realised, market);
    }

    /// @notice Sum of the batteries' inventory at cost (stored energy value), wei.
    /// @return The value.
    function storedEnergyValue() external view returns (int256) {
        return _inventory;
    }

    // ------------------------------------------------------------------ internals

    function _sendValue(address payable to, uint256 amount) internal {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert EtherTransferFailed(to, amount);
    }
}
