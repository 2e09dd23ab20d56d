export { isOperator, LOGICAL_OPERATORS, OPERATORS, type Arity, type Operator, type ValueKind } from './operators';
