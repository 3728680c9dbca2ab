/**
 * The framework grants every function execute-api:ManageConnections on the
 * connections of any WebSocket API in any account; this
 * narrows that statement to Berth's own agents' API in this stack's account.
 */
class ScopeWebsocketPolicy {
  constructor(serverless) {
    this.hooks = {
      'after:package:compileEvents': () => {
        const role = serverless.service.provider.compiledCloudFormationTemplate.Resources.IamRoleLambdaExecution;
        for (const statement of role?.Properties?.Policies?.[0]?.PolicyDocument?.Statement ?? []) {
          if (!statement.Action?.includes?.('execute-api:ManageConnections')) continue;
          statement.Resource = [
            { 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebsocketsApi}/*/POST/@connections/*' },
          ];
        }
      },
    };
  }
}

module.exports = ScopeWebsocketPolicy;
