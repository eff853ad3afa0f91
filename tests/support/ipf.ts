/**
 * A two-type IPF for tests that need one in a data folder: `demo` (rv 5, cost 10) and
 * `call` (rv 2, cost 1), both with personal assistance.
 */
export const DEMO_CALL_IPF: string =
  "interaction_type,label,rv,variable_cost,stage,function,relationship_type,voc\n" +
  "demo,Demo,5,10,acquisition,sales,personal_assistance,false\n" +
  "call,Call,2,1,retention,service,personal_assistance,false\n";
