// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title IEnergyPriceOracle
/// @notice Reference price feed: reporters push the real-time wholesale price in wei per MWh (18 decimals of
///         ether per MWh; signed). Emits Chainlink's AnswerUpdated/NewRound so indexers treat it like a feed.
interface IEnergyPriceOracle is AggregatorV3Interface {
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);
    event ReporterUpdated(address indexed reporter, bool indexed allowed, address indexed by);

    error NotReporter(address account);
    error ZeroAddress();
    error RoundNotFound(uint80 roundId);
    /// @notice The price does not fit the stored answer type (int192, as Chainlink's OCR aggregators store it).
    error PriceOutOfRange(int256 price);

    /// @notice Pushes a new round timestamped now (reporters). Reverts PriceOutOfRange outside int192.
    function submitPrice(int256 price) external returns (uint80 roundId);
    /// @notice Owner only.
    function setReporter(address reporter, bool allowed) external;
    function isReporter(address account) external view returns (bool);
    function latestRound() external view returns (uint80);
}
