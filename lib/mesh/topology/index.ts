// The topology model (who can connect to whom, with the engine's verdicts) and its aggregation into a graph.
export { aggregateTopology, OTHER_NODE, OUTSIDE_NODE, representativePair, type TopologyOptions } from './aggregate';
export { computeTopologyConnections, explainConnection, isTopologyComputed, namespaceConnections, topologyNamespaces } from './compute-connections';
export * from './model';
