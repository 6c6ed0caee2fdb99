int glob;

static int bar (int x)
{
  glob += x;
  return x * 2;
}

int foo (int x)
{
  int r = bar (x);
  return r + 1;
}

int main (void)
{
  return foo (3) & 1;
}
