# TFLint configuration for infra/terraform, used by .github/workflows/infra.yml:
#   tflint --init && tflint --recursive   (TFLINT_CONFIG_FILE points here)

config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "aws" {
  enabled = true
  version = "0.44.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}

# Beyond the recommended preset: the conventions of STYLE.md (terraform-aws-modules).
rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_documented_outputs" {
  enabled = true
}

rule "terraform_naming_convention" {
  enabled = true
}

rule "terraform_standard_module_structure" {
  enabled = true
}

rule "terraform_comment_syntax" {
  enabled = true
}
