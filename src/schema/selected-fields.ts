// The fields a query selects directly below the field being resolved, through fragments and
// honouring @skip and @include, each with its arguments as graphql-js reads them. A resolver that
// answers a whole selection in one statement (aggregates) or that can skip a statement nothing
// asks for (a connection's page) reads its selection here.
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isInterfaceType,
  isObjectType,
  Kind,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { own } from '../model/own.js';

export interface SelectedField {
  name: string;
  args: Record<string, unknown>;
}

function included(node: SelectionNode, variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

export function selectedFields(info: GraphQLResolveInfo): SelectedField[] {
  const type = getNamedType(info.returnType);
  const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
  const selected: SelectedField[] = [];
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (!included(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) {
        const field = own(fields, selection.name.value);
        if (field) selected.push({ name: field.name, args: getArgumentValues(field, selection, info.variableValues) });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(own(info.fragments, selection.name.value)?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return selected;
}
