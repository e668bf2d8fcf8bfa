# API Gateway writes access and execution logs through ONE role per account and region
# (the account setting "CloudWatch log role ARN"). Without it the stage cannot log.
# With AWS provider 6.x, destroying aws_api_gateway_account resets that setting, so set
# manage_account_cloudwatch_role = false when another stack already manages it.

data "aws_partition" "current" {}

data "aws_iam_policy_document" "account_assume_role" {
  statement {
    sid     = "ApiGatewayAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  count = var.manage_account_cloudwatch_role ? 1 : 0

  name               = "${var.name}-apigw-cloudwatch"
  description        = "Lets API Gateway write access and execution logs to CloudWatch Logs."
  assume_role_policy = data.aws_iam_policy_document.account_assume_role.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  count = var.manage_account_cloudwatch_role ? 1 : 0

  role       = aws_iam_role.this[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

resource "aws_api_gateway_account" "this" {
  count = var.manage_account_cloudwatch_role ? 1 : 0

  cloudwatch_role_arn = aws_iam_role.this[0].arn

  depends_on = [aws_iam_role_policy_attachment.this]
}
